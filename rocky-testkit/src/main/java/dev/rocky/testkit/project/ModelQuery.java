package dev.rocky.testkit.project;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What the fake reads from a model's query: the relations it selects from, whether it projects
 * {@code *}, and its named output items with the column each is traced to. This is a shallow
 * reading of the text, not a SQL parser: it understands one top-level {@code SELECT … FROM …}
 * with {@code JOIN}s and CTE names, items written as a column, {@code expr AS alias} or an
 * aggregate call ({@code SUM/COUNT/MIN/MAX/AVG}), and the Rocky DSL's {@code from}, {@code where},
 * {@code group k { name: agg(col) }}, {@code select { … }} and {@code derive { … }} steps. Anything
 * else still gets a column name but no lineage, which is also what the engine reports for
 * computed expressions such as {@code a / b}.
 *
 * @param relations the tables or models referenced after {@code FROM} / {@code JOIN} (or the DSL's
 *     {@code from}), in order of first appearance, as written ({@code schema.table} or a model name)
 * @param star whether the output includes every column of the (first) relation
 * @param items the explicit output items, in order
 * @param lowerText the query text in lower case, comments removed: what the incrementality hint
 *     searches for {@code ORDER BY} and comparison contexts
 */
public record ModelQuery(List<String> relations, boolean star, List<Item> items, String lowerText) {

    private static final Pattern RELATION = Pattern.compile(
            "(?i)\\b(?:from|join)\\s+([A-Za-z_][\\w$]*(?:\\.[A-Za-z_][\\w$]*)*)");
    private static final Pattern CTE = Pattern.compile("(?i)(?:\\bwith|,)\\s*([A-Za-z_]\\w*)\\s+as\\s*\\(");
    private static final Pattern IDENT = Pattern.compile("[A-Za-z_][\\w$]*(?:\\.[A-Za-z_][\\w$]*)*");
    private static final Pattern AGGREGATE = Pattern.compile("(?is)^(sum|count|min|max|avg)\\s*\\((.*)\\)$");
    private static final Pattern IMPLICIT_ALIAS = Pattern.compile("(?s)^(.*[)\\w'\"])\\s+([A-Za-z_]\\w*)$");
    private static final Set<String> KEYWORDS = Set.of("distinct", "as", "and", "or", "not", "null", "case", "when",
            "then", "else", "end", "true", "false");

    /** Copies the lists. */
    public ModelQuery {
        relations = List.copyOf(relations);
        items = List.copyOf(items);
    }

    /**
     * One output item.
     *
     * @param name the output column name
     * @param transform {@code direct} or {@code aggregation: <fn>} when the item is traced to input
     *     columns; empty for a computed expression the fake does not trace
     * @param sourceColumns the input column names the item reads (empty for {@code COUNT(*)})
     */
    public record Item(String name, Optional<String> transform, List<String> sourceColumns) {

        /** Copies the list. */
        public Item {
            sourceColumns = List.copyOf(sourceColumns);
        }
    }

    /**
     * Reads a SQL model.
     *
     * @param sql the model file's text
     * @return what the fake understands of it
     */
    public static ModelQuery parseSql(String sql) {
        String text = stripComments(sql);
        Set<String> ctes = new LinkedHashSet<>();
        Matcher cte = CTE.matcher(text);
        while (cte.find()) {
            ctes.add(cte.group(1).toLowerCase(Locale.ROOT));
        }
        Set<String> relations = new LinkedHashSet<>();
        Matcher rel = RELATION.matcher(text);
        while (rel.find()) {
            String name = rel.group(1);
            if (!ctes.contains(name.toLowerCase(Locale.ROOT))) {
                relations.add(name);
            }
        }
        String lower = text.toLowerCase(Locale.ROOT);
        int select = topLevelKeyword(lower, "select", lastCteEnd(text, ctes));
        boolean star = false;
        List<Item> items = new ArrayList<>();
        if (select >= 0) {
            int from = topLevelKeyword(lower, "from", select + 6);
            String list = text.substring(select + 6, from < 0 ? text.length() : from).strip();
            if (list.regionMatches(true, 0, "distinct ", 0, 9)) {
                list = list.substring(9);
            }
            for (String part : splitTopLevel(list, ',')) {
                String p = part.strip();
                if (p.isEmpty()) {
                    continue;
                }
                if (p.equals("*") || p.endsWith(".*")) {
                    star = true;
                    continue;
                }
                items.add(sqlItem(p));
            }
        }
        return new ModelQuery(new ArrayList<>(relations), star, items, lower);
    }

    /**
     * Reads a Rocky DSL model ({@code .rocky}).
     *
     * @param dsl the model file's text
     * @return what the fake understands of it
     */
    public static ModelQuery parseRocky(String dsl) {
        String text = stripComments(dsl);
        List<String> relations = new ArrayList<>();
        List<Item> items = new ArrayList<>();
        boolean projected = false;
        boolean derived = false;
        int i = 0;
        String[] lines = text.split("\n", -1);
        while (i < lines.length) {
            String line = lines[i].strip();
            String lower = line.toLowerCase(Locale.ROOT);
            if (lower.startsWith("from ")) {
                relations.add(line.substring(5).strip());
            } else if (lower.startsWith("group ") || lower.startsWith("select") || lower.startsWith("derive")) {
                StringBuilder block = new StringBuilder(line);
                while (block.indexOf("{") >= 0 && depth(block) > 0 && i + 1 < lines.length) {
                    block.append('\n').append(lines[++i]);
                }
                String b = block.toString();
                int open = b.indexOf('{');
                String head = open < 0 ? b : b.substring(0, open);
                String body = open < 0 ? "" : b.substring(open + 1, b.lastIndexOf('}') < open ? b.length() : b.lastIndexOf('}'));
                if (lower.startsWith("group ")) {
                    projected = true;
                    for (String key : splitTopLevel(head.substring(6), ',')) {
                        String k = key.strip();
                        if (!k.isEmpty()) {
                            items.add(new Item(k, Optional.of("direct"), List.of(k)));
                        }
                    }
                } else if (lower.startsWith("select")) {
                    projected = true;
                } else {
                    derived = true;
                }
                for (String entry : splitTopLevel(body, ',')) {
                    String e = entry.strip();
                    if (e.isEmpty()) {
                        continue;
                    }
                    int colon = e.indexOf(':');
                    if (colon < 0) {
                        items.add(new Item(e, Optional.of("direct"), List.of(e)));
                    } else {
                        items.add(expressionItem(e.substring(0, colon).strip(), e.substring(colon + 1).strip()));
                    }
                }
            }
            i++;
        }
        return new ModelQuery(relations, !projected || derived, items, text.toLowerCase(Locale.ROOT));
    }

    private static Item sqlItem(String p) {
        int as = lastTopLevelAs(p);
        if (as >= 0) {
            return expressionItem(unquote(p.substring(as + 4).strip()), p.substring(0, as).strip());
        }
        if (IDENT.matcher(p).matches()) {
            String column = p.substring(p.lastIndexOf('.') + 1);
            return new Item(column, Optional.of("direct"), List.of(column));
        }
        Matcher implicit = IMPLICIT_ALIAS.matcher(p);
        if (implicit.matches() && balanced(implicit.group(1))) {
            return expressionItem(implicit.group(2), implicit.group(1).strip());
        }
        return new Item(p, Optional.empty(), List.of());
    }

    private static Item expressionItem(String name, String expr) {
        if (IDENT.matcher(expr).matches()) {
            return new Item(name, Optional.of("direct"), List.of(expr.substring(expr.lastIndexOf('.') + 1)));
        }
        Matcher agg = AGGREGATE.matcher(expr);
        if (agg.matches() && balanced(agg.group(2))) {
            List<String> columns = new ArrayList<>();
            Matcher id = IDENT.matcher(agg.group(2));
            while (id.find()) {
                String token = id.group();
                if (!KEYWORDS.contains(token.toLowerCase(Locale.ROOT))) {
                    columns.add(token.substring(token.lastIndexOf('.') + 1));
                }
            }
            return new Item(name, Optional.of("aggregation: " + agg.group(1).toLowerCase(Locale.ROOT)), columns);
        }
        return new Item(name, Optional.empty(), List.of());
    }

    private static boolean balanced(String s) {
        int d = 0;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '(') {
                d++;
            } else if (c == ')' && --d < 0) {
                return false;
            }
        }
        return d == 0;
    }

    private static int depth(CharSequence s) {
        int d = 0;
        for (int i = 0; i < s.length(); i++) {
            if (s.charAt(i) == '{') {
                d++;
            } else if (s.charAt(i) == '}') {
                d--;
            }
        }
        return d;
    }

    private static String unquote(String s) {
        if (s.length() >= 2 && (s.charAt(0) == '"' || s.charAt(0) == '`') && s.charAt(s.length() - 1) == s.charAt(0)) {
            return s.substring(1, s.length() - 1);
        }
        return s;
    }

    private static int lastCteEnd(String text, Set<String> ctes) {
        if (ctes.isEmpty()) {
            return 0;
        }
        // The main SELECT follows the last CTE body: skip to the last ')' closing a CTE at depth 0.
        int d = 0;
        int end = 0;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '(') {
                d++;
            } else if (c == ')') {
                d--;
                if (d == 0) {
                    end = i + 1;
                    String rest = text.substring(end).stripLeading().toLowerCase(Locale.ROOT);
                    if (rest.startsWith("select")) {
                        return end;
                    }
                }
            }
        }
        return end;
    }

    static String stripComments(String sql) {
        StringBuilder out = new StringBuilder(sql.length());
        int i = 0;
        char quote = 0;
        while (i < sql.length()) {
            char c = sql.charAt(i);
            if (quote != 0) {
                out.append(c);
                if (c == quote) {
                    quote = 0;
                }
                i++;
            } else if (c == '\'' || c == '"') {
                quote = c;
                out.append(c);
                i++;
            } else if (c == '-' && i + 1 < sql.length() && sql.charAt(i + 1) == '-') {
                while (i < sql.length() && sql.charAt(i) != '\n') {
                    i++;
                }
            } else if (c == '/' && i + 1 < sql.length() && sql.charAt(i + 1) == '*') {
                int close = sql.indexOf("*/", i + 2);
                i = close < 0 ? sql.length() : close + 2;
            } else {
                out.append(c);
                i++;
            }
        }
        return out.toString();
    }

    private static int topLevelKeyword(String lower, String keyword, int from) {
        int d = 0;
        for (int i = Math.max(0, from); i < lower.length(); i++) {
            char c = lower.charAt(i);
            if (c == '(') {
                d++;
            } else if (c == ')') {
                d--;
            } else if (c == '\'') {
                int close = lower.indexOf('\'', i + 1);
                i = close < 0 ? lower.length() : close;
            } else if (d == 0 && lower.startsWith(keyword, i)
                    && (i == 0 || !Character.isLetterOrDigit(lower.charAt(i - 1)) && lower.charAt(i - 1) != '_')
                    && (i + keyword.length() >= lower.length() || !Character.isLetterOrDigit(lower.charAt(i + keyword.length()))
                            && lower.charAt(i + keyword.length()) != '_')) {
                return i;
            }
        }
        return -1;
    }

    private static int lastTopLevelAs(String item) {
        String lower = item.toLowerCase(Locale.ROOT);
        int found = -1;
        int d = 0;
        for (int i = 0; i < lower.length(); i++) {
            char c = lower.charAt(i);
            if (c == '(') {
                d++;
            } else if (c == ')') {
                d--;
            } else if (d == 0 && Character.isWhitespace(c) && lower.startsWith("as", i + 1)
                    && i + 3 < lower.length() && Character.isWhitespace(lower.charAt(i + 3))) {
                found = i;
            }
        }
        return found;
    }

    static List<String> splitTopLevel(String s, char separator) {
        List<String> parts = new ArrayList<>();
        int d = 0;
        int start = 0;
        char quote = 0;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (quote != 0) {
                if (c == quote) {
                    quote = 0;
                }
            } else if (c == '\'' || c == '"') {
                quote = c;
            } else if (c == '(' || c == '{' || c == '[') {
                d++;
            } else if (c == ')' || c == '}' || c == ']') {
                d--;
            } else if (c == separator && d == 0) {
                parts.add(s.substring(start, i));
                start = i + 1;
            }
        }
        parts.add(s.substring(start));
        return parts;
    }
}
