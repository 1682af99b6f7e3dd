using ActorNet.Rdd;

namespace ActorNet.Training;

/// <summary>
/// Data warnings raised on the workers (a truncated file, skipped entries) travel back to the driver in an
/// accumulator; <see cref="Report"/> writes each distinct one to the training log once, however often a
/// partition was recomputed.
/// </summary>
public sealed class DataWarnings
{
    private readonly HashSet<string> _written = [];
    private readonly TrainingRecord _record;

    /// <summary>Registers the accumulator on <paramref name="context"/>; warnings go to <paramref name="record"/>'s log.</summary>
    public DataWarnings(ClusterContext context, TrainingRecord record)
    {
        ArgumentNullException.ThrowIfNull(context);
        _record = record ?? throw new ArgumentNullException(nameof(record));
        Accumulator = context.CollectionAccumulator<string>("data warnings");
    }

    /// <summary>The accumulator tasks add their warnings to (capture it in the task's closure).</summary>
    public CollectionAccumulator<string> Accumulator { get; }

    /// <summary>Warnings written so far.</summary>
    public int Count => _written.Count;

    /// <summary>Logs the warnings not logged yet as <c>warning: …</c> lines at <paramref name="round"/>.</summary>
    public void Report(int round)
    {
        foreach (string warning in Accumulator.Value.Distinct().Order(StringComparer.Ordinal))
            if (_written.Add(warning)) _record.Log($"warning: {warning}", round);
    }
}
