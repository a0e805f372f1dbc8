"""Public and contributor routes (mounted at « / »)."""

from django.urls import path

from .views import auth, contribute, files, updates

app_name = "contributions"

urlpatterns = [
    path("proposer/", contribute.call_landing, name="call"),
    path("proposer/nouvelle/", contribute.start, name="start"),
    path("mes-initiatives/", contribute.mine, name="mine"),
    path("mes-initiatives/origines/", contribute.origins, name="origins"),
    path("mes-initiatives/<int:pk>/", contribute.mine_detail, name="mine_detail"),
    path("mes-initiatives/<int:pk>/etape/<int:step>/", contribute.step, name="step"),
    path("mes-initiatives/<int:pk>/apercu/", contribute.preview, name="preview"),
    path("mes-initiatives/<int:pk>/soumettre/", contribute.submit, name="submit"),
    path("mes-initiatives/<int:pk>/commenter/", contribute.comment, name="comment"),
    path("mes-initiatives/<int:pk>/supprimer/", contribute.delete, name="delete"),
    path("mes-initiatives/<int:pk>/mise-a-jour/", updates.propose, name="propose_update"),
    path("media/ressources/<str:name>", files.resource_file, name="resource_file"),
    path("connexion/", auth.LoginView.as_view(), name="login"),
    path("deconnexion/", auth.LogoutView.as_view(), name="logout"),
    path("inscription/", auth.signup, name="signup"),
    path("inscription/confirmer/<str:token>/", auth.activate, name="activate"),
    path("inscription/renvoyer/", auth.activation_resend, name="activation_resend"),
    path("mot-de-passe/", auth.PasswordResetView.as_view(), name="password_reset"),
    path("mot-de-passe/envoye/", auth.PasswordResetDoneView.as_view(), name="password_reset_done"),
    path(
        "mot-de-passe/nouveau/<uidb64>/<token>/",
        auth.PasswordResetConfirmView.as_view(),
        name="password_reset_confirm",
    ),
    path(
        "mot-de-passe/termine/",
        auth.PasswordResetCompleteView.as_view(),
        name="password_reset_complete",
    ),
]
