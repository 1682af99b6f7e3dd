using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace ActorNet.Rdd.Ui;

/// <summary>
/// The UI's pages (Spark's tabs): the root page and Jobs, Stages, Executors, Storage, Training and Environment. Each
/// page is the same shell (navigation by name, a content area); <see cref="UiScript"/> fills it from the REST API and
/// keeps it live. A program above the engine adds nothing here: training reaches the Training page as events. A live
/// driver serves its one application at <c>/</c>; the history server serves each at <c>/history/{appId}/</c>.
/// </summary>
internal static class UiPages
{
    public static readonly IReadOnlyList<(string Name, string Path, string Page)> Tabs =
    [
        ("Jobs", "jobs/", "jobs"), ("Stages", "stages/", "stages"), ("Executors", "executors/", "executors"),
        ("Storage", "storage/", "storage"), ("Training", "training/", "training"), ("Environment", "environment/", "environment"),
    ];

    /// <summary>A live driver's pages, at the root.</summary>
    public static void MapLive(IEndpointRouteBuilder routes, IUiData data)
    {
        routes.MapGet("/", () => Page(data, "overview", "Overview", "/"));
        // Routing matches "/jobs" and "/jobs/" alike.
        foreach (var (name, path, page) in Tabs) routes.MapGet("/" + path, () => Page(data, page, name, "/"));
        MapStatic(routes);
    }

    /// <summary>A history server's pages: the list of applications at the root, each application under /history/{appId}/.</summary>
    public static void MapHistory(IEndpointRouteBuilder routes, IUiApps apps, Func<IReadOnlyList<string>> unreadable)
    {
        routes.MapGet("/", () => HistoryIndex(apps, unreadable()));
        routes.MapGet("/history/{appId}/", (string appId) => apps.Find(appId) is { } app ? Page(app, "overview", "Overview", $"/history/{appId}/") : Results.NotFound());
        foreach (var (name, path, page) in Tabs)
            routes.MapGet("/history/{appId}/" + path, (string appId) => apps.Find(appId) is { } app ? Page(app, page, name, $"/history/{appId}/") : Results.NotFound());
        MapStatic(routes);
    }

    private static void MapStatic(IEndpointRouteBuilder routes)
    {
        routes.MapGet("/static/ui.js", () => Results.Text(UiScript.Js, "text/javascript; charset=utf-8"));
        routes.MapGet("/static/ui.css", () => Results.Text(UiScript.Css, "text/css; charset=utf-8"));
    }

    private static IResult Page(IUiData data, string page, string title, string basePath)
    {
        var app = data.Application();
        var nav = string.Concat(Tabs.Select(t => $"<a href=\"{basePath}{t.Path}\"{(t.Page == page ? " class=\"current\"" : "")}>{t.Name}</a>"));
        var html = $"""
            <!DOCTYPE html>
            <html lang="en"><head><meta charset="utf-8"><title>{Encode(app.Name)} - {title}</title>
            <link rel="stylesheet" href="/static/ui.css"></head>
            <body data-page="{page}" data-app="{Encode(app.Id)}" data-refresh="{data.RefreshMilliseconds}">
            <nav><a href="{basePath}">ActorNet</a>{nav}<span class="app">{Encode(app.Name)} ({Encode(app.Id)}) on {Encode(app.Master)}</span></nav>
            <main><div id="content">loading…</div><p id="updated"></p></main>
            <script src="/static/ui.js"></script>
            </body></html>
            """;
        return Results.Content(html, "text/html; charset=utf-8");
    }

    private static IResult HistoryIndex(IUiApps apps, IReadOnlyList<string> unreadable)
    {
        var rows = string.Concat(apps.Applications().Select(a => a.Application()).OrderByDescending(a => a.Attempts[0].StartTime).Select(a =>
            $"<tr><td><a href=\"/history/{Encode(a.Id)}/\">{Encode(a.Id)}</a></td><td>{Encode(a.Name)}</td><td>{Encode(a.Master)}</td>" +
            $"<td>{a.Attempts[0].StartTime:u}</td><td>{(a.Attempts[0].Completed ? "completed" : "incomplete")}</td></tr>"));
        var bad = unreadable.Count == 0 ? "" : "<h3>Unreadable files</h3><ul id=\"unreadable\">" + string.Concat(unreadable.Select(u => $"<li>{Encode(u)}</li>")) + "</ul>";
        var html = $"""
            <!DOCTYPE html>
            <html lang="en"><head><meta charset="utf-8"><title>ActorNet history</title><link rel="stylesheet" href="/static/ui.css"></head>
            <body><nav><a href="/">ActorNet history</a></nav><main><h2>Applications</h2>
            <table id="applications"><tr><th>id</th><th>name</th><th>master</th><th>started</th><th>state</th></tr>{rows}</table>{bad}</main></body></html>
            """;
        return Results.Content(html, "text/html; charset=utf-8");
    }

    private static string Encode(string s) => WebUtility.HtmlEncode(s);
}
