package dev.agenttracing.test;

import java.util.ArrayList;
import java.util.List;

/**
 * A line diff for messages: the longest common subsequence of two lists of lines, shown
 * as the changed lines ({@code -} expected, {@code +} actual) with two lines of context,
 * each with its line number in its own list.
 */
final class LineDiff {

	private static final int CONTEXT = 2;

	/** Context lines longer than this are cut; changed lines are shown whole. */
	private static final int MAX_CONTEXT_LINE = 160;

	private LineDiff() {
	}

	static String diff(List<String> expected, List<String> actual) {
		int n = expected.size();
		int m = actual.size();
		int[][] common = new int[n + 1][m + 1];
		for (int i = n - 1; i >= 0; i--) {
			for (int j = m - 1; j >= 0; j--) {
				common[i][j] = expected.get(i).equals(actual.get(j)) ? common[i + 1][j + 1] + 1
						: Math.max(common[i + 1][j], common[i][j + 1]);
			}
		}
		List<Line> lines = new ArrayList<>();
		int i = 0;
		int j = 0;
		while (i < n || j < m) {
			if (i < n && j < m && expected.get(i).equals(actual.get(j))) {
				lines.add(new Line(' ', i + 1, expected.get(i)));
				i++;
				j++;
			}
			else if (i < n && (j == m || common[i + 1][j] >= common[i][j + 1])) {
				lines.add(new Line('-', i + 1, expected.get(i)));
				i++;
			}
			else {
				lines.add(new Line('+', j + 1, actual.get(j)));
				j++;
			}
		}
		return format(lines);
	}

	private static String format(List<Line> lines) {
		boolean[] shown = new boolean[lines.size()];
		for (int k = 0; k < lines.size(); k++) {
			if (lines.get(k).kind() != ' ') {
				for (int c = Math.max(0, k - CONTEXT); c <= Math.min(lines.size() - 1, k + CONTEXT); c++) {
					shown[c] = true;
				}
			}
		}
		StringBuilder out = new StringBuilder();
		boolean skipped = false;
		for (int k = 0; k < lines.size(); k++) {
			if (!shown[k]) {
				skipped = true;
				continue;
			}
			if (skipped || (k > 0 && out.isEmpty())) {
				out.append("  ...\n");
			}
			skipped = false;
			Line line = lines.get(k);
			String text = line.text();
			if (line.kind() == ' ' && text.length() > MAX_CONTEXT_LINE) {
				text = text.substring(0, MAX_CONTEXT_LINE - 1) + "…";
			}
			out.append(line.kind())
				.append(' ')
				.append(String.format("%3d", line.number()))
				.append("  ")
				.append(text)
				.append('\n');
		}
		if (skipped) {
			out.append("  ...\n");
		}
		return out.toString().stripTrailing();
	}

	/** A line of the diff: its kind, its line number in its list, its text. */
	private record Line(char kind, int number, String text) {
	}

}
