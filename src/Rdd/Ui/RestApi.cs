using System.Text.Json;
using System.Text.Json.Serialization;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace ActorNet.Rdd.Ui;

/// <summary>
/// Spark's monitoring REST API under <c>/api/v1</c> (applications, jobs, stages, executors, storage/rdd, environment) with
/// Spark's field names, and ActorNet's own <c>/training</c> and <c>/cluster</c>. Read-only: GET only.
/// </summary>
internal static class RestApi
{
    public static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web)
    {
        DefaultIgnoreCondition = JsonIgnoreCondition.Never,
        NumberHandling = JsonNumberHandling.AllowNamedFloatingPointLiterals,
    };

    private const string AppKey = "actornet.app";

    public static void Map(IEndpointRouteBuilder routes, IUiApps apps)
    {
        routes.MapGet("/api/v1/applications", () => Results.Json(apps.Applications().Select(a => a.Application()), Json));
        var app = routes.MapGroup("/api/v1/applications/{appId}");
        app.AddEndpointFilter(async (context, next) =>
        {
            var id = context.HttpContext.GetRouteValue("appId") as string ?? "";
            if (apps.Find(id) is not { } found) return Results.Json(new { message = $"unknown app: {id}" }, Json, statusCode: 404);
            context.HttpContext.Items[AppKey] = found;
            return await next(context).ConfigureAwait(false);
        });
        app.MapGet("", (HttpContext http) => Results.Json(Of(http).Application(), Json));
        app.MapGet("/jobs", (HttpContext http, string? status) => Results.Json(Filter(Of(http).Store.Jobs(), j => j.Status, status), Json));
        app.MapGet("/jobs/{jobId:int}", (HttpContext http, int jobId) => Of(http).Store.Jobs().FirstOrDefault(j => j.JobId == jobId) is { } job
            ? Results.Json(job, Json) : Results.Json(new { message = $"unknown job: {jobId}" }, Json, statusCode: 404));
        app.MapGet("/stages", (HttpContext http, string? status) => Results.Json(Filter(Of(http).Store.Stages(), s => s.Status, status), Json));
        app.MapGet("/stages/{stageId:int}", (HttpContext http, int stageId) => Of(http).Store.Stages().Where(s => s.StageId == stageId).ToArray() is { Length: > 0 } attempts
            ? Results.Json(attempts, Json) : Results.Json(new { message = $"unknown stage: {stageId}" }, Json, statusCode: 404));
        app.MapGet("/executors", (HttpContext http) => Results.Json(Of(http).Executors().Where(e => e.IsActive), Json));
        app.MapGet("/allexecutors", (HttpContext http) => Results.Json(Of(http).Executors(), Json));
        app.MapGet("/storage/rdd", (HttpContext http) => Results.Json(Of(http).Storage(), Json));
        app.MapGet("/environment", (HttpContext http) => Results.Json(Of(http).Environment(), Json));
        app.MapGet("/training", (HttpContext http) => Results.Json(Of(http).Store.Training().Rounds, Json));
        app.MapGet("/training/summary", (HttpContext http) => Results.Json(Of(http).Store.Training(), Json));
        app.MapGet("/cluster", (HttpContext http) => Results.Json(Of(http).Members(), Json));
    }

    private static IUiData Of(HttpContext http) => (IUiData)http.Items[AppKey]!;

    // Spark's ?status= filter, case-insensitive (running, succeeded, failed; active, complete).
    private static IEnumerable<T> Filter<T>(IEnumerable<T> items, Func<T, string> status, string? wanted) =>
        wanted is null ? items : items.Where(i => string.Equals(status(i), wanted, StringComparison.OrdinalIgnoreCase));
}
