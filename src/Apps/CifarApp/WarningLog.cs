using ActorNet.Rdd;
using ActorNet.Training;

namespace ActorNet.CifarApp;

/// <summary>
/// Data warnings raised on the workers (a truncated batch file) travel back in an accumulator; the driver
/// writes each distinct one to the training log once, however often a partition was recomputed.
/// </summary>
internal sealed class WarningLog(ClusterContext context, TrainingRecord record)
{
    private readonly HashSet<string> _written = [];

    public CollectionAccumulator<string> Accumulator { get; } = context.CollectionAccumulator<string>("data warnings");

    public void Report(int round)
    {
        foreach (string warning in Accumulator.Value.Distinct().Order(StringComparer.Ordinal))
            if (_written.Add(warning)) record.Log($"warning: {warning}", round);
    }
}
