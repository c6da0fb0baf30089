/// The report's palette and style sheet: inline, with system fonts only, so that the
/// page looks the same offline, attached to a ticket or opened years later.
enum ReportStyle {
    // Series colours, distinct for the common kinds of colour blindness (blue/orange, and
    // sky/violet/rose for the percentiles, which differ in lightness too).
    static let uploads = "#2563eb"
    static let outcomes = "#ea580c"
    static let p50 = "#0891b2"
    static let p90 = "#7c3aed"
    static let p99 = "#e11d48"
    static let histogram = "#6366f1"
    static let matched = "#0d9488"
    static let unmatched = "#f87171"
    static let track = "#e2e8f0"

    static let css = """
        :root { color-scheme: light; }
        * { box-sizing: border-box; }
        body { margin: 0; background: #f1f5f9; color: #0f172a;
          font: 14px/1.45 system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial, "Liberation Sans", "DejaVu Sans", sans-serif; }
        main { max-width: 1240px; margin: 0 auto; padding: 24px 28px 40px; }
        header.banner { display: flex; align-items: center; gap: 18px; margin-bottom: 18px; }
        header.banner h1 { font-size: 22px; margin: 0; font-weight: 650; letter-spacing: -0.01em; }
        header.banner .sub { color: #475569; font-size: 13px; }
        .badge { font-weight: 700; font-size: 15px; letter-spacing: 0.06em; padding: 6px 14px; border-radius: 6px; color: #fff; }
        .badge.pass { background: #15803d; }
        .badge.fail { background: #b91c1c; }
        .tiles { display: grid; grid-template-columns: repeat(6, 1fr); gap: 12px; margin-bottom: 18px; }
        .tile { background: #fff; border: 1px solid #e2e8f0; border-radius: 8px; padding: 12px 14px; }
        .tile .name { color: #64748b; font-size: 11px; text-transform: uppercase; letter-spacing: 0.06em; }
        .tile .value { font-size: 22px; font-weight: 650; margin-top: 2px; font-variant-numeric: tabular-nums; }
        .tile .detail { color: #64748b; font-size: 12px; font-variant-numeric: tabular-nums; }
        .tile.bad .value { color: #b91c1c; }
        section { background: #fff; border: 1px solid #e2e8f0; border-radius: 8px; padding: 16px 20px 18px; margin-bottom: 16px; }
        section h2 { font-size: 16px; margin: 0 0 2px; font-weight: 650; }
        section p.note { color: #64748b; font-size: 12.5px; margin: 0 0 10px; }
        .pair { display: grid; grid-template-columns: 1fr 1fr; gap: 28px; align-items: start; }
        svg.chart { width: 100%; height: auto; display: block; }
        svg.chart .grid { stroke: #e2e8f0; stroke-width: 1; }
        svg.chart .axis { stroke: #94a3b8; stroke-width: 1; }
        svg.chart .tick { fill: #475569; font-size: 12px; }
        svg.chart .axis-title { fill: #64748b; font-size: 12px; }
        svg.chart .legend { fill: #334155; font-size: 13px; }
        svg.chart .legend-line { stroke-width: 3; stroke-linecap: round; }
        svg.chart .series { fill: none; stroke-width: 2; stroke-linejoin: round; stroke-linecap: round; }
        svg.chart .marker { stroke-width: 1.5; stroke-dasharray: 5 3; }
        svg.chart .marker-label { font-size: 12px; font-weight: 600; }
        svg.bar { width: 100%; height: 12px; display: block; border-radius: 2px; }
        td.bar { width: 34%; vertical-align: middle; }
        p.legend { color: #475569; font-size: 12.5px; margin: -4px 0 8px; }
        .swatch { display: inline-block; width: 10px; height: 10px; border-radius: 2px; margin: 0 4px 0 6px; vertical-align: -1px; }
        .empty { color: #64748b; font-style: italic; padding: 10px 0 4px; text-align: center; }
        table { border-collapse: collapse; width: 100%; font-size: 13px; }
        th, td { text-align: left; padding: 4px 8px; border-bottom: 1px solid #f1f5f9; vertical-align: top; }
        th { color: #64748b; font-weight: 600; font-size: 11.5px; text-transform: uppercase; letter-spacing: 0.04em; border-bottom: 1px solid #e2e8f0; }
        td.num, th.num { text-align: right; font-variant-numeric: tabular-nums; }
        td.code, .mono { font-family: ui-monospace, "DejaVu Sans Mono", "Liberation Mono", monospace; font-size: 12px; }
        td.key { font-family: ui-monospace, "DejaVu Sans Mono", "Liberation Mono", monospace; font-size: 11.5px; word-break: break-all; }
        tr.short td { color: #b91c1c; font-weight: 600; }
        dl.settings { display: grid; grid-template-columns: max-content minmax(0, 1fr) max-content minmax(0, 0.8fr) max-content minmax(0, 1.5fr); gap: 5px 18px; margin: 6px 0 0; font-size: 13px; }
        dl.settings dt { color: #64748b; }
        dl.settings dd { margin: 0; font-variant-numeric: tabular-nums; word-break: break-all; }
        .kinds { display: flex; flex-wrap: wrap; gap: 8px; margin: 6px 0 10px; }
        .kind { background: #f1f5f9; border-radius: 999px; padding: 2px 10px; font-size: 12.5px; }
        .kind.some { background: #fee2e2; color: #991b1b; font-weight: 600; }
        footer { color: #94a3b8; font-size: 12px; text-align: center; margin-top: 8px; }
        """
}
