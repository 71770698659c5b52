/// The one stylesheet, served at `/static/app.css` (the Content-Security-Policy allows no inline
/// style). Print rules drop the navigation and the buttons.
enum Stylesheet {
    static let css = """
        * { box-sizing: border-box; }
        body { font-family: "Noto Sans CJK SC", "Source Han Sans SC", "Microsoft YaHei", "PingFang SC", "WenQuanYi Micro Hei", sans-serif;
               color: #111; margin: 0; font-size: 14px; line-height: 1.5; background: #fafafa; }
        main { max-width: 1200px; margin: 0 auto; padding: 16px 20px 40px; background: #fff; }
        nav.top { display: flex; gap: 14px; align-items: center; padding: 8px 20px; background: #1f3b5a; color: #fff; flex-wrap: wrap; }
        nav.top a { color: #fff; text-decoration: none; } nav.top a:hover { text-decoration: underline; }
        nav.top .brand { font-weight: bold; margin-right: 12px; }
        nav.top .who { margin-left: auto; opacity: .9; }
        nav.top button { background: transparent; color: #fff; border: 1px solid #fff8; padding: 2px 10px; cursor: pointer; }
        h1 { font-size: 21px; margin: 8px 0 6px; } h2 { font-size: 17px; border-bottom: 2px solid #333; padding-bottom: 2px; margin-top: 26px; }
        h3 { font-size: 15px; margin: 18px 0 6px; }
        .meta { color: #444; margin: 0 0 12px; }
        table { border-collapse: collapse; width: 100%; margin: 8px 0 14px; }
        th, td { border: 1px solid #888; padding: 4px 6px; vertical-align: top; }
        th { background: #e7e6e6; text-align: center; font-weight: bold; }
        td.n { text-align: right; white-space: nowrap; font-variant-numeric: tabular-nums; }
        td.c { text-align: center; white-space: nowrap; }
        tr.error td { background: #fff4f4; }
        input[type=text], input[type=password], input[type=number], select, textarea { font: inherit; padding: 3px 5px; border: 1px solid #888; border-radius: 2px; }
        input[type=text].value { width: 100%; max-width: 12em; } textarea { width: 100%; min-height: 2.6em; }
        table.form th:nth-child(7) { width: 14%; } table.form th:nth-child(9) { width: 28%; } table.form textarea { min-height: 3.6em; }
        input.invalid, textarea.invalid { border: 2px solid #cf222e; background: #fff4f4; }
        .field-error { color: #cf222e; font-weight: bold; margin: 2px 0 0; font-size: 13px; }
        .comment { color: #7a4b00; background: #fff8e1; border-left: 3px solid #d4a017; padding: 2px 6px; margin: 2px 0; font-size: 13px; }
        .suggested { color: #666; font-size: 12px; }
        button, .button { font: inherit; padding: 4px 14px; border: 1px solid #1f3b5a; background: #1f3b5a; color: #fff; border-radius: 3px; cursor: pointer; text-decoration: none; display: inline-block; }
        button.secondary, .button.secondary { background: #fff; color: #1f3b5a; }
        button.danger { background: #a40e26; border-color: #a40e26; }
        form.inline { display: inline; margin: 0; }
        form.filters { display: flex; gap: 10px; align-items: center; flex-wrap: wrap; margin: 6px 0 10px; }
        .actions { display: flex; gap: 16px; flex-wrap: wrap; align-items: flex-start; margin: 10px 0; }
        .box { border: 1px solid #bbb; padding: 10px 12px; background: #fcfcfc; flex: 1; min-width: 280px; }
        .box h3 { margin-top: 0; }
        .notice { background: #e8f5e9; border: 1px solid #8bc34a; padding: 6px 10px; }
        .warning { background: #fff8e1; border: 1px solid #d4a017; padding: 6px 10px; }
        .errors, .error .message { background: #fff4f4; border: 1px solid #cf222e; padding: 6px 10px; color: #8b0000; }
        ul.messages { margin: 6px 0; padding-left: 22px; } ul.refusals li { margin: 2px 0; }
        .figures { display: flex; gap: 14px; margin: 10px 0; flex-wrap: wrap; }
        .figure { flex: 1; min-width: 140px; border: 1px solid #888; padding: 8px; text-align: center; }
        .figure .v { font-size: 24px; font-weight: bold; }
        .grade-优 { color: #1a7f37; font-weight: bold; } .grade-良 { color: #0b5cad; font-weight: bold; } .grade-中 { color: #9a6700; font-weight: bold; } .grade-差 { color: #cf222e; font-weight: bold; }
        .state { padding: 0 6px; border-radius: 3px; white-space: nowrap; }
        .state-filling { background: #eee; } .state-submitted { background: #e3f2fd; } .state-returned { background: #ffe0b2; } .state-approved { background: #c8e6c9; }
        .conflict { background: #fff3cd; border: 1px solid #d4a017; padding: 4px 8px; margin: 2px 0; font-size: 13px; }
        details summary { cursor: pointer; color: #0b5cad; font-size: 12px; }
        details ol { margin: 4px 0; padding-left: 18px; font-size: 12px; color: #333; }
        .login { max-width: 360px; margin: 60px auto; border: 1px solid #bbb; padding: 20px 24px; }
        .login label { display: block; margin: 10px 0; } .login input { width: 100%; }
        svg.chart { width: 100%; height: auto; max-width: 900px; }
        svg.chart text { font-size: 12px; }
        .muted { color: #666; }
        .sev-error { color: #cf222e; } .sev-warning { color: #9a6700; }
        @page { size: A4 landscape; margin: 12mm; }
        @media print {
            nav.top, form.filters, .actions, button, .noprint { display: none !important; }
            main { max-width: none; padding: 0; } body { background: #fff; font-size: 11px; }
            input[type=text], textarea { border: none; background: none; }
        }
        """
}
