using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace ActorNet.Rdd.Ui;

/// <summary>
/// The UI's pages (Spark's tabs): the root page and Jobs, Stages, Executors, Storage, Training and Environment. Each
/// page is the same shell (navigation by name, a content area); <see cref="UiScript"/> fills it from the REST API and
/// keeps it live. A program above the engine adds nothing here: training reaches the Training page as events.
/// </summary>
internal static class UiPages
{
    public static readonly IReadOnlyList<(string Name, string Path, string Page)> Tabs =
    [
        ("Jobs", "/jobs/", "jobs"), ("Stages", "/stages/", "stages"), ("Executors", "/executors/", "executors"),
        ("Storage", "/storage/", "storage"), ("Training", "/training/", "training"), ("Environment", "/environment/", "environment"),
    ];

    public static void Map(IEndpointRouteBuilder routes, IUiData data)
    {
        routes.MapGet("/", () => Page(data, "overview", "Overview"));
        // Routing matches "/jobs" and "/jobs/" alike.
        foreach (var (name, path, page) in Tabs) routes.MapGet(path, () => Page(data, page, name));
        routes.MapGet("/static/ui.js", () => Results.Text(UiScript.Js, "text/javascript; charset=utf-8"));
        routes.MapGet("/static/ui.css", () => Results.Text(UiScript.Css, "text/css; charset=utf-8"));
    }

    private static IResult Page(IUiData data, string page, string title)
    {
        var app = data.Application();
        var nav = string.Concat(Tabs.Select(t => $"<a href=\"{t.Path}\"{(t.Page == page ? " class=\"current\"" : "")}>{t.Name}</a>"));
        var html = $"""
            <!DOCTYPE html>
            <html lang="en"><head><meta charset="utf-8"><title>{Encode(app.Name)} - {title}</title>
            <link rel="stylesheet" href="/static/ui.css"></head>
            <body data-page="{page}" data-app="{Encode(app.Id)}" data-refresh="{data.RefreshMilliseconds}">
            <nav><a href="/">ActorNet</a>{nav}<span class="app">{Encode(app.Name)} ({Encode(app.Id)}) on {Encode(app.Master)}</span></nav>
            <main><div id="content">loading…</div><p id="updated"></p></main>
            <script src="/static/ui.js"></script>
            </body></html>
            """;
        return Results.Content(html, "text/html; charset=utf-8");
    }

    private static string Encode(string s) => WebUtility.HtmlEncode(s);
}
