using System.Diagnostics.Metrics;

namespace ActorNet.Rdd.Ui;

/// <summary>
/// The driver's metrics (System.Diagnostics.Metrics, one <see cref="Meter"/> per context), served at <c>/metrics</c>:
/// task and shuffle counters and the last training round from the status store, and the cluster's members by status.
/// </summary>
internal sealed class DriverMetrics : IDisposable
{
    public DriverMetrics(AppStatusStore store, Func<IReadOnlyList<ClusterMember>> members)
    {
        Meter = new Meter("ActorNet.Driver");
        Meter.CreateObservableCounter("actornet.tasks.completed", () => store.TasksCompleted, description: "Task attempts that succeeded.");
        Meter.CreateObservableCounter("actornet.tasks.failed", () => store.TasksFailed, description: "Task attempts that failed (an exception or a shuffle fetch failure).");
        Meter.CreateObservableCounter("actornet.shuffle.bytes.written", () => store.ShuffleBytesWritten, description: "Bytes of shuffle output the map tasks wrote.");
        Meter.CreateObservableCounter("actornet.shuffle.bytes.read", () => store.ShuffleBytesRead, description: "Bytes of map output the reduce tasks fetched.");
        Meter.CreateObservableGauge("actornet.cluster.members", () => MembersByStatus(members()), description: "Members of the cluster as the driver sees them, by status.");
        Meter.CreateObservableGauge("actornet.training.round", () => Last(store, r => r.Round), description: "The last training round finished.");
        Meter.CreateObservableGauge("actornet.training.loss", () => Last(store, r => r.Loss), description: "The workers' mean training loss in the last round.");
        Meter.CreateObservableGauge("actornet.training.test.accuracy", () => LastAccuracy(store), description: "The last test accuracy (a fraction 0-1).");
        Meter.CreateObservableGauge("actornet.training.images.per.second", () => Last(store, r => r.ImagesPerSecond), description: "Training images per second in the last round.");
        ProcessMetrics.AddTo(Meter);
        Text = new PrometheusText(Meter);
    }

    public Meter Meter { get; }

    public PrometheusText Text { get; }

    /// <summary>One measurement per status (lower case); local mode, with no cluster, reports none.</summary>
    internal static IEnumerable<Measurement<int>> MembersByStatus(IReadOnlyList<ClusterMember> members) =>
        members.GroupBy(m => m.Status.ToLowerInvariant()).OrderBy(g => g.Key, StringComparer.Ordinal)
            .Select(g => new Measurement<int>(g.Count(), new KeyValuePair<string, object?>("status", g.Key)));

    private static IEnumerable<Measurement<double>> Last(AppStatusStore store, Func<TrainingRound, double> value) =>
        store.LastRound() is { } round ? [new Measurement<double>(value(round))] : [];

    private static IEnumerable<Measurement<double>> LastAccuracy(AppStatusStore store)
    {
        var tested = store.Training().Rounds.LastOrDefault(r => r.TestAccuracy is not null);
        return tested is null ? [] : [new Measurement<double>(tested.TestAccuracy!.Value)];
    }

    public void Dispose() => Meter.Dispose();
}
