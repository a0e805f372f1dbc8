from tests.query_snapshots import normalise


def test_normalise_hides_values_and_keeps_the_shape_of_the_query():
    sql = """SELECT "t"."id" FROM "t" WHERE "t"."id" IN (12, 7, 3)
        AND "t"."name" = 'l''île' AND "t"."x" > -1.5 LIMIT 21"""
    assert normalise(sql) == (
        'SELECT "t"."id" FROM "t" WHERE "t"."id" IN (…) AND "t"."name" = %s '
        'AND "t"."x" > %s LIMIT %s'
    )
    assert normalise('SAVEPOINT "s1402_x12"') == "SAVEPOINT <savepoint>"
