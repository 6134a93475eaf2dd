/// The HTML report's stylesheet: system fonts only (nothing is fetched), a light page with
/// quiet greys, and chart classes shared by every SVG.
enum HTMLStyle {
    static let css = """
        :root{--ink:#212529;--muted:#6c757d;--line:#dee2e6;--soft:#f8f9fa;--accent:#3b5bdb;--warn:#e67700}
        *{box-sizing:border-box}
        body{margin:0;background:#f1f3f5;color:var(--ink);font:14px/1.5 system-ui,-apple-system,"Segoe UI",Roboto,"Helvetica Neue",Arial,sans-serif}
        main{max-width:1360px;margin:0 auto;padding:28px 32px 48px;background:#fff;min-height:100vh}
        h1{font-size:28px;margin:2px 0 6px;letter-spacing:-.01em}
        h2{font-size:20px;margin:36px 0 6px;padding-top:12px;border-top:2px solid var(--ink)}
        h3{font-size:15px;margin:22px 0 6px}
        .eyebrow{margin:0;color:var(--muted);font-size:12px;text-transform:uppercase;letter-spacing:.08em}
        .run{margin:0 0 16px;color:var(--muted)}
        .chip{display:inline-block;padding:1px 8px;border-radius:10px;background:#edf2ff;color:var(--accent);font:12px/1.6 ui-monospace,SFMono-Regular,Menlo,Consolas,monospace}
        .cards{display:grid;grid-template-columns:repeat(4,minmax(0,1fr));gap:12px;margin:8px 0 14px}
        .card{border:1px solid var(--line);border-radius:8px;padding:10px 14px;background:var(--soft)}
        .card-label{font-size:12px;color:var(--muted);text-transform:uppercase;letter-spacing:.05em}
        .card-value{font-size:26px;font-weight:650;line-height:1.2}
        .card-detail{font-size:12px;color:var(--muted);overflow-wrap:anywhere}
        .callout{border-left:4px solid var(--accent);background:#f4f6ff;padding:8px 12px;margin:8px 0;border-radius:0 6px 6px 0}
        .callout.warn{border-left-color:var(--warn);background:#fff9db}
        .notes{margin:8px 0 0;padding-left:20px;color:var(--muted)}
        nav{margin:18px 0 0;padding:10px 12px;background:var(--soft);border-radius:8px;font-size:13px;line-height:1.9}
        nav a{color:var(--accent);text-decoration:none;margin-right:12px;white-space:nowrap}
        .lede{color:var(--muted);margin:0 0 8px;max-width:900px}
        .measure{font-weight:400;color:var(--muted);font-size:13px;margin-left:6px}
        .panels{display:flex;flex-wrap:wrap;gap:14px}
        .panel{margin:0;padding:10px 12px 4px;border:1px solid var(--line);border-radius:8px;background:#fff}
        svg{display:block;font-family:inherit;overflow:visible}
        svg .chart-title{font-size:13px;font-weight:650;fill:var(--ink)}
        svg .legend{font-size:11px;fill:#495057}
        svg .tick{font-size:10px;fill:#868e96}
        svg .category{font-size:11px;fill:#343a40}
        svg .value,svg .value-strong{paint-order:stroke;stroke:#fff;stroke-width:3px;stroke-linejoin:round}
        svg .value{font-size:9.5px;fill:#495057}
        svg .value-strong{font-size:10px;font-weight:700;fill:var(--ink)}
        svg .grid{stroke:#e9ecef;stroke-width:1}
        svg .axis{stroke:#adb5bd;stroke-width:1}
        svg .whisker{stroke:#343a40;stroke-width:1.1;stroke-opacity:.75}
        svg .connector{stroke:#adb5bd;stroke-width:2}
        svg .dot{stroke:#fff;stroke-width:1.5}
        svg .diagonal{stroke:#adb5bd;stroke-width:1;stroke-dasharray:4 3}
        svg .corner{font-size:9.5px;fill:#adb5bd;font-style:italic}
        svg .point-label{font-size:10px;fill:#343a40;paint-order:stroke;stroke:#fff;stroke-width:3px;stroke-linejoin:round}
        svg a rect:hover{opacity:.8}
        .table-block{margin:18px 0 26px}
        .note{color:var(--muted);margin:0 0 6px;font-size:12.5px;max-width:1100px}
        .scroll{overflow-x:auto;border:1px solid var(--line);border-radius:6px}
        table{border-collapse:collapse;width:100%;font-size:12.5px}
        th{position:sticky;top:0;background:var(--soft);text-align:left;font-weight:600;padding:6px 8px;border-bottom:1px solid var(--line);white-space:nowrap}
        td{padding:4px 8px;border-bottom:1px solid #f1f3f5;white-space:nowrap}
        tbody tr:nth-child(even){background:#fcfcfd}
        tbody tr:hover{background:#f4f6ff}
        .num{text-align:right;font-variant-numeric:tabular-nums}
        .muted{color:#adb5bd}
        a.ex{display:inline-block;min-width:18px;padding:0 4px;margin-right:2px;border-radius:4px;background:#edf2ff;color:var(--accent);text-align:center;text-decoration:none;font-size:11px}
        .empty{color:var(--muted);font-style:italic}
        .transcript{border:1px solid var(--line);border-radius:8px;padding:4px 16px 10px;margin:14px 0;background:#fff}
        .transcript h3{margin:10px 0 2px}
        .meta{color:var(--muted);font-size:12px;margin:0 0 8px}
        .meta a{color:var(--accent)}
        .turns{list-style:none;padding:0;margin:0}
        .turns li{border-top:1px solid #f1f3f5;padding:6px 0}
        .turn-no{display:inline-block;font-size:11px;color:var(--muted);text-transform:uppercase;letter-spacing:.05em;margin-bottom:2px}
        .say{white-space:pre-wrap;overflow-wrap:anywhere;background:#f4f6ff;border-radius:6px;padding:6px 10px;margin:2px 0}
        .call{margin:4px 0 4px 14px;border-left:3px solid #ced4da;padding-left:10px}
        .call.error{border-left-color:#fa5252}
        .fn{font-weight:650;color:#1864ab}
        pre{margin:2px 0;white-space:pre-wrap;overflow-wrap:anywhere;font:12px/1.45 ui-monospace,SFMono-Regular,Menlo,Consolas,monospace}
        pre.args{color:#495057}
        pre.result{color:#2b8a3e;background:var(--soft);padding:4px 8px;border-radius:4px;max-height:260px;overflow:auto}
        details.reasoning summary{cursor:pointer;color:var(--muted);font-size:12px}
        details.reasoning pre{color:#6c757d;background:#fff9db;padding:4px 8px;border-radius:4px}
        footer{margin-top:40px;color:var(--muted);font-size:12px;border-top:1px solid var(--line);padding-top:10px}
        @media (max-width:900px){.cards{grid-template-columns:repeat(2,minmax(0,1fr))}main{padding:16px}}
        """
}
