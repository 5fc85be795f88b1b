package io.learncast.eval.report;

import io.learncast.common.OutputFile;

import java.nio.file.Path;
import java.util.Base64;
import java.util.List;

/**
 * A self-contained HTML page: inline CSS, figures as PNG data URIs, no scripts, no network. Sections
 * carry ids so tests (and readers) can find them.
 */
public final class HtmlReport {
    private final StringBuilder body = new StringBuilder();
    private final String title;
    private int figures;

    public HtmlReport(String title) {
        this.title = title;
    }

    public static String esc(String s) {
        if (s == null) return "";
        StringBuilder b = new StringBuilder(s.length());
        for (char c : s.toCharArray()) {
            switch (c) {
                case '<' -> b.append("&lt;");
                case '>' -> b.append("&gt;");
                case '&' -> b.append("&amp;");
                case '"' -> b.append("&quot;");
                case '\'' -> b.append("&#39;");
                default -> b.append(c);
            }
        }
        return b.toString();
    }

    public HtmlReport section(String id, String heading) {
        if (body.length() > 0) body.append("</section>\n");
        body.append("<section id=\"").append(esc(id)).append("\">\n<h2>").append(esc(heading)).append("</h2>\n");
        return this;
    }

    public HtmlReport paragraph(String text) {
        body.append("<p>").append(esc(text)).append("</p>\n");
        return this;
    }

    /** A paragraph of trusted, already-escaped HTML (for small emphasis only). */
    public HtmlReport html(String trusted) {
        body.append(trusted).append('\n');
        return this;
    }

    public HtmlReport table(List<String> header, List<List<String>> rows) {
        body.append("<table>\n<thead><tr>");
        for (String h : header) body.append("<th>").append(esc(h)).append("</th>");
        body.append("</tr></thead>\n<tbody>\n");
        for (List<String> r : rows) {
            body.append("<tr>");
            for (String c : r) body.append("<td>").append(esc(c)).append("</td>");
            body.append("</tr>\n");
        }
        body.append("</tbody></table>\n");
        return this;
    }

    public HtmlReport figure(String id, byte[] png, String caption) {
        figures++;
        body.append("<figure id=\"").append(esc(id)).append("\"><img alt=\"").append(esc(caption)).append("\" src=\"data:image/png;base64,")
                .append(Base64.getEncoder().encodeToString(png)).append("\"><figcaption>").append(esc(caption)).append("</figcaption></figure>\n");
        return this;
    }

    /** Figures side by side (e.g. observed beside forecast). */
    public HtmlReport row(Runnable inner) {
        body.append("<div class=\"row\">\n");
        inner.run();
        body.append("</div>\n");
        return this;
    }

    public int figureCount() { return figures; }

    public String render() {
        return "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><title>" + esc(title) + "</title>\n<style>\n"
                + "body{font-family:system-ui,-apple-system,Segoe UI,Roboto,sans-serif;max-width:1200px;margin:2em auto;padding:0 1em;color:#222}\n"
                + "h1{font-size:1.6em}h2{border-bottom:1px solid #ddd;padding-bottom:.2em;margin-top:2em}\n"
                + "table{border-collapse:collapse;margin:1em 0;font-size:.92em}td,th{border:1px solid #ccc;padding:.3em .6em;text-align:left}"
                + "th{background:#f4f4f4}tbody tr:nth-child(even){background:#fafafa}\n"
                + "figure{display:inline-block;margin:.5em 1em .5em 0;vertical-align:top}figcaption{font-size:.85em;color:#555;max-width:560px}\n"
                + ".row{display:flex;flex-wrap:wrap}.muted{color:#777}code{background:#f4f4f4;padding:0 .2em}\n"
                + "</style></head><body>\n<h1>" + esc(title) + "</h1>\n" + body + (body.length() > 0 ? "</section>\n" : "") + "</body></html>\n";
    }

    /** Writes the page through {@link OutputFile}: a regular file is replaced whole (never half-written), a device or FIFO written directly. */
    public void write(Path out) {
        write(OutputFile.of(out, "--out"));
    }

    public void write(OutputFile out) {
        out.writeString(render());
    }
}
