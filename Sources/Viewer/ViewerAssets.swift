/// The viewer's style sheet and script, served from `/static/` so the content security policy can
/// forbid every inline script and style.
enum ViewerAssets {
    /// The content security policy of every response: the viewer's own script and styles only, no
    /// inline code, no frames, no plug-ins, no form posts elsewhere. Transcript text is escaped
    /// anyway; this is the second wall.
    static let contentSecurityPolicy =
        "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self'; connect-src 'self'; base-uri 'none'; "
        + "form-action 'self'; frame-ancestors 'none'"

    static let css = """
        :root { --ink: #1d232b; --muted: #6b7480; --line: #d9dee5; --accent: #1f5fbf; --bad: #b3261e; --soft: #f4f6f9; }
        * { box-sizing: border-box; }
        body { margin: 0; font: 14px/1.45 system-ui, -apple-system, "Segoe UI", sans-serif; color: var(--ink); background: #fff; }
        header.top { padding: 8px 20px; background: var(--ink); }
        header.top a { color: #fff; text-decoration: none; font-weight: 600; }
        main { padding: 16px 20px 60px; max-width: 1500px; }
        a { color: var(--accent); }
        h1 { font-size: 20px; margin: 8px 0 12px; } h2 { font-size: 16px; margin: 24px 0 8px; } h3 { font-size: 14px; margin: 12px 0 6px; }
        table { border-collapse: collapse; margin: 6px 0 10px; }
        th, td { border-bottom: 1px solid var(--line); padding: 3px 8px; text-align: left; vertical-align: top; }
        th { background: var(--soft); font-weight: 600; }
        td.num, th.num { text-align: right; font-variant-numeric: tabular-nums; }
        td.strong { font-weight: 700; } td.muted { color: var(--muted); }
        td a { text-decoration: none; } td a:hover { text-decoration: underline; }
        p.note { color: var(--muted); max-width: 1100px; margin: 2px 0 4px; }
        form.filters { display: flex; flex-wrap: wrap; gap: 8px; align-items: end; margin: 8px 0; }
        form.filters label { display: flex; flex-direction: column; font-size: 12px; color: var(--muted); }
        .pager { margin: 8px 0; display: flex; gap: 16px; align-items: center; }
        .flag { display: inline-block; background: #fde7e5; color: var(--bad); border-radius: 3px; padding: 0 5px; margin: 1px 2px; font-size: 12px; }
        .message { border: 1px solid var(--line); border-radius: 6px; margin: 10px 0; padding: 8px 12px; }
        .message .role { font-size: 12px; font-weight: 600; text-transform: uppercase; color: var(--muted); margin-bottom: 4px; }
        .message.system { background: var(--soft); } .message.user { background: #eef4ff; }
        .message.tool { background: #fbfbf6; } .message.tool.error { border-color: var(--bad); }
        .reasoning { border-left: 3px solid #b9a3e3; background: #f7f3fd; padding: 4px 10px; margin: 6px 0; }
        .reasoning .role { color: #6a4fb0; }
        .call { border-left: 3px solid var(--accent); padding: 2px 10px; margin: 6px 0; }
        pre { white-space: pre-wrap; word-break: break-word; margin: 2px 0; font: 12.5px/1.4 ui-monospace, Menlo, Consolas, monospace; }
        dl.facts { display: grid; grid-template-columns: max-content 1fr; gap: 2px 14px; margin: 6px 0; }
        dl.facts dt { color: var(--muted); } dl.facts dd { margin: 0; }
        nav.episode { display: flex; gap: 18px; margin: 4px 0 10px; } .keys { color: var(--muted); font-size: 12px; }
        ul.diff { margin: 4px 0; padding-left: 20px; font-family: ui-monospace, Menlo, Consolas, monospace; font-size: 12.5px; }
        """

    /// Keyboard navigation: `j`/→ for the next episode (or page), `k`/← for the previous, `u` up to
    /// the list. It reads the page's `rel="next"`/`rel="prev"`/`rel="up"` links and nothing else.
    static let javascript = """
        "use strict";
        // A liveness mark: browser tests read it to know scripts run at all, so that a hostile
        // transcript's script not running means something.
        document.documentElement.setAttribute("data-viewer-script", "ran");
        document.addEventListener("keydown", function (event) {
          if (event.altKey || event.ctrlKey || event.metaKey) { return; }
          var target = event.target;
          if (target && (target.tagName === "INPUT" || target.tagName === "SELECT" || target.tagName === "TEXTAREA")) { return; }
          var rel = null;
          if (event.key === "j" || event.key === "ArrowRight") { rel = "next"; }
          else if (event.key === "k" || event.key === "ArrowLeft") { rel = "prev"; }
          else if (event.key === "u") { rel = "up"; }
          if (!rel) { return; }
          var link = document.querySelector('link[rel="' + rel + '"]');
          if (link) { event.preventDefault(); window.location.href = link.getAttribute("href"); }
        });
        """
}
