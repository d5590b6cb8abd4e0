"""Side by side: our status table against Datasette serving the same SQLite file.

Both servers run on 127.0.0.1, one after the other, under the same load. The comparison is the
first 100 jurisdictions with the status in force today, as HTML and as JSON: our `/?per=100`
and `/api/v1/status?per=100` against a Datasette canned query that computes the same rows with
one SQL statement. Datasette's plain table page (`/DB/status_periods?_size=100`) is reported too.

The budgeted ratio is the production configuration, whose page cache (keyed by the data's
version) answers repeated anonymous requests. Datasette builds every answer, so the same two
ratios are also reported with our cache turned off (TRACKER_PAGE_CACHE_ENTRIES=0): every one
of our requests then runs its queries and renders its page too.
"""

from __future__ import annotations

import json
from datetime import date

from bench import budgets
from bench.budgets import Figure
from bench.cases.web import latency, probe
from bench.context import Ctx
from bench.load import datasette_server, tracker_server

CURRENT_STATUS_SQL = """
select j.code, j.name, j.kind, par.code as parent,
       coalesce(p.category, 'unknown') as category, p.leaf, p.seven_oh, p.min_age,
       p.effective_from, p.effective_to, p.confidence, p.verified_on,
       (select c.label from citations c where c.period_id = p.id order by c.position limit 1) as citation,
       (select c.url from citations c where c.period_id = p.id order by c.position limit 1) as citation_url
from jurisdictions j
left join jurisdictions par on par.id = j.parent_id
left join status_periods p on p.jurisdiction_id = j.id and p.superseded_at is null
     and (p.effective_from is null or p.effective_from <= :as_of)
     and (p.effective_to is null or p.effective_to > :as_of)
order by j.code
limit 100 offset :offset
"""


def _metadata(ctx: Ctx, db_name: str):
    path = ctx.results / "datasette-metadata.json"
    path.write_text(
        json.dumps(
            {
                "title": "kratom tracker benchmark (same SQLite file)",
                "databases": {
                    db_name: {
                        "queries": {
                            "current_status": {
                                "title": "Status in force on a date, 100 jurisdictions a page",
                                "sql": CURRENT_STATUS_SQL,
                            }
                        }
                    }
                },
            },
            indent=2,
        )
    )
    return path


def _ratio(
    key: str,
    name: str,
    ours,
    theirs,
    ours_path: str,
    theirs_path: str,
    budget: budgets.Budget = budgets.DATASETTE_RATIO,
) -> Figure:
    if ours.error or theirs.error:
        return budgets.failed(
            key,
            name,
            budget,
            f"ours: {ours.error or ours.measured()}; Datasette: {theirs.error or theirs.measured()}",
        )
    ratio = ours.value / theirs.value if theirs.value else float("nan")
    return Figure(
        key,
        name,
        budget,
        value=round(ratio, 2),
        unit="x",
        detail=f"ours p99 {ours.value:.1f} ms ({ours_path}), Datasette p99 {theirs.value:.1f} ms ({theirs_path})",
        raw={"ours": ours.raw, "datasette": theirs.raw},
    )


def versus_datasette(ctx: Ctx) -> list[Figure]:
    html_name = f"home page (100 rows) p99, ours over Datasette's ({ctx.scale_label})"
    json_name = f"status JSON (100 rows) p99, ours over Datasette's ({ctx.scale_label})"
    table_name = f"Datasette table page /status_periods?_size=100 p99 ({ctx.scale_label})"
    if not ctx.is_sqlite:
        why = "Datasette serves SQLite files only; run without --database-url for this comparison"
        return [
            Figure(
                k,
                n,
                budgets.DATASETTE_RATIO if k != "datasette_table_p99" else budgets.REPORT,
                skipped=why,
            )
            for k, n in (
                ("datasette_html_ratio", html_name),
                ("datasette_json_ratio", json_name),
                ("datasette_table_p99", table_name),
            )
        ]  # the no-cache ratios are report-only
    db_file = ctx.scale_file
    db_name = db_file.stem
    today = date.today().isoformat()
    ours_html, ours_json = "/?per=100", "/api/v1/status?per=100"
    theirs_html = f"/{db_name}/current_status?as_of={today}&offset=0"
    theirs_json = f"/{db_name}/current_status.json?as_of={today}&offset=0&_shape=objects"
    theirs_table = f"/{db_name}/status_periods?_size=100"

    with tracker_server(ctx.url_scale, ctx.instance, ctx.log_path("serve-vs-datasette")) as server:
        # JSON first: a timed-out HTML request keeps the server busy for a while after it
        o_json = latency(ctx, server.port, "ours_json", "ours json", ours_json, budgets.REPORT)
        o_html = latency(ctx, server.port, "ours_html", "ours html", ours_html, budgets.REPORT)
    with tracker_server(
        ctx.url_scale,
        ctx.instance,
        ctx.log_path("serve-vs-datasette-nocache"),
        extra_env={"TRACKER_PAGE_CACHE_ENTRIES": "0"},
    ) as server:
        n_json = latency(
            ctx, server.port, "ours_json_nocache", "ours json, no cache", ours_json, budgets.REPORT
        )
        n_html = latency(
            ctx, server.port, "ours_html_nocache", "ours html, no cache", ours_html, budgets.REPORT
        )
    with datasette_server(db_file, _metadata(ctx, db_name), ctx.log_path("datasette")) as ds:
        problem = probe(ds.port, theirs_json)
        if problem:
            raise RuntimeError(
                f"Datasette canned query: {problem}; see {ctx.log_path('datasette')}"
            )
        t_html = latency(ctx, ds.port, "theirs_html", "datasette html", theirs_html, budgets.REPORT)
        t_json = latency(ctx, ds.port, "theirs_json", "datasette json", theirs_json, budgets.REPORT)
        t_table = latency(
            ctx, ds.port, "datasette_table_p99", table_name, theirs_table, budgets.REPORT
        )
    return [
        _ratio("datasette_html_ratio", html_name, o_html, t_html, ours_html, theirs_html),
        _ratio("datasette_json_ratio", json_name, o_json, t_json, ours_json, theirs_json),
        _ratio(
            "datasette_html_ratio_nocache",
            html_name.replace("ours", "ours without the page cache"),
            n_html,
            t_html,
            ours_html,
            theirs_html,
            budgets.REPORT,
        ),
        _ratio(
            "datasette_json_ratio_nocache",
            json_name.replace("ours", "ours without the page cache"),
            n_json,
            t_json,
            ours_json,
            theirs_json,
            budgets.REPORT,
        ),
        t_table,
    ]
