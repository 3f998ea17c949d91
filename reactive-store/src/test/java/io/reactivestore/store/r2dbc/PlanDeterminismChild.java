package io.reactivestore.store.r2dbc;

import io.reactivestore.event.Filter;
import io.reactivestore.event.NostrJson;
import io.reactivestore.internal.sql.SqlDialect;
import java.util.ArrayList;
import java.util.List;

/**
 * Prints the plan of a few multi-tag filters (the index tag, the planning order, the SQL of both
 * dialects) one line each, for {@link PlanDeterminismTest} to compare across JVM starts.
 */
public final class PlanDeterminismChild {

    /** Filters with several tag conditions, of several classes and value counts. */
    static final List<String> FILTERS = List.of(
            "{\"#t\":[\"x\"],\"#p\":[\"pk\"],\"#e\":[\"e1\",\"e2\"],\"#d\":[\"slug\"],\"#a\":[\"30023:pk:slug\"],"
                    + "\"kinds\":[1,7],\"limit\":10}",
            "{\"#p\":[\"pk\"],\"#t\":[\"x\"],\"#k\":[\"y\"],\"#z\":[\"q\"],\"#K\":[\"Q\"]}",
            "{\"#r\":[\"u1\",\"u2\"],\"#g\":[\"u\"],\"#x\":[\"1\"],\"#y\":[\"2\"],\"since\":5}",
            "{\"#y\":[\"1\"],\"#x\":[\"2\"],\"#w\":[\"3\"],\"#v\":[\"4\"],\"#u\":[\"5\"],\"#s\":[\"6\"],\"limit\":3}");

    private PlanDeterminismChild() {
    }

    /** The plan lines of {@link #FILTERS}, as the child prints them. */
    static List<String> plans() {
        List<String> lines = new ArrayList<>();
        List<Filter> all = new ArrayList<>();
        for (String json : FILTERS) {
            Filter f = NostrJson.parseFilter(json);
            all.add(f);
            lines.add(f.indexTag() + " " + f.tagsBySelectivity() + " sql-tag=" + FilterSql.drivingTag(f));
            lines.add(NostrJson.toJson(f));
            lines.add(FilterSql.query(SqlDialect.H2, List.of(f)).text());
            lines.add(FilterSql.query(SqlDialect.POSTGRESQL, List.of(f)).text());
        }
        lines.add(FilterSql.query(SqlDialect.POSTGRESQL, all).text());
        return lines;
    }

    /**
     * Prints {@link #plans()}.
     *
     * @param args none
     */
    public static void main(String[] args) {
        plans().forEach(System.out::println);
    }
}
