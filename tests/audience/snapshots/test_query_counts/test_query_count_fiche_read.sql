-- 3 requêtes
SAVEPOINT <savepoint>
INSERT INTO "audience_ficheviews" (initiative_id, day, views) SELECT id, %s, %s FROM "catalogue_initiative" WHERE slug = %s AND status = %s ON CONFLICT (initiative_id, day) DO UPDATE SET views = "audience_ficheviews".views + %s
RELEASE SAVEPOINT <savepoint>
