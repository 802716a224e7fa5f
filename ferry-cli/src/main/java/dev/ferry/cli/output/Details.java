package dev.ferry.cli.output;

import java.util.ArrayList;
import java.util.List;

/** Facts about one thing as aligned "name: value" lines; facts without a value are left out. */
public final class Details {

    private final List<String[]> facts = new ArrayList<>();

    public Details add(String name, Object value) {
        if (value != null && !String.valueOf(value).isBlank()) {
            facts.add(new String[] { name, String.valueOf(value) });
        }
        return this;
    }

    public String render() {
        int width = facts.stream().mapToInt(fact -> fact[0].length()).max().orElse(0) + 1;
        StringBuilder text = new StringBuilder();
        for (String[] fact : facts) {
            String label = fact[0] + ":";
            text.append(label).append(" ".repeat(width - label.length() + 1)).append(fact[1]).append('\n');
        }
        return text.toString();
    }
}
