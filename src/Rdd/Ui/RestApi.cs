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

    public static void Map(IEndpointRouteBuilder routes, IUiData data)
    {
        routes.MapGet("/api/v1/applications", () => Results.Json(new[] { data.Application() }, Json));
        var app = routes.MapGroup("/api/v1/applications/{appId}");
        app.AddEndpointFilter(async (context, next) =>
            context.HttpContext.GetRouteValue("appId") as string == data.AppId ? await next(context).ConfigureAwait(false)
                : Results.Json(new { message = $"unknown app: {context.HttpContext.GetRouteValue("appId")}" }, Json, statusCode: 404));
        app.MapGet("", () => Results.Json(data.Application(), Json));
        app.MapGet("/jobs", (string? status) => Results.Json(Filter(data.Store.Jobs(), j => j.Status, status), Json));
        app.MapGet("/jobs/{jobId:int}", (int jobId) => data.Store.Jobs().FirstOrDefault(j => j.JobId == jobId) is { } job
            ? Results.Json(job, Json) : Results.Json(new { message = $"unknown job: {jobId}" }, Json, statusCode: 404));
        app.MapGet("/stages", (string? status) => Results.Json(Filter(data.Store.Stages(), s => s.Status, status), Json));
        app.MapGet("/stages/{stageId:int}", (int stageId) => data.Store.Stages().Where(s => s.StageId == stageId).ToArray() is { Length: > 0 } attempts
            ? Results.Json(attempts, Json) : Results.Json(new { message = $"unknown stage: {stageId}" }, Json, statusCode: 404));
        app.MapGet("/executors", () => Results.Json(data.Executors().Where(e => e.IsActive), Json));
        app.MapGet("/allexecutors", () => Results.Json(data.Executors(), Json));
        app.MapGet("/storage/rdd", () => Results.Json(data.Storage(), Json));
        app.MapGet("/environment", () => Results.Json(data.Environment(), Json));
        app.MapGet("/training", () => Results.Json(data.Store.Training().Rounds, Json));
        app.MapGet("/training/summary", () => Results.Json(data.Store.Training(), Json));
        app.MapGet("/cluster", () => Results.Json(data.Members(), Json));
    }

    // Spark's ?status= filter, case-insensitive (running, succeeded, failed; active, complete).
    private static IEnumerable<T> Filter<T>(IEnumerable<T> items, Func<T, string> status, string? wanted) =>
        wanted is null ? items : items.Where(i => string.Equals(status(i), wanted, StringComparison.OrdinalIgnoreCase));
}
