namespace ActorNet.Training.Internal;

/// <summary>
/// How one round's replicas move their solver history (momentum) through the store, for checkpoints: at the round's
/// start each replica takes the history under its key when <see cref="Restore"/> (the run started from a checkpoint),
/// and at its end the first <see cref="Savers"/> partitions store theirs when <see cref="Save"/> (the driver writes a
/// checkpoint after this round). Shipped to the workers with the round's function.
/// </summary>
/// <param name="KeyPrefix">The run's history keys, <c>prefix/partition</c>.</param>
/// <param name="Restore">Whether each replica sets its history from its key before the first step.</param>
/// <param name="Save">Whether the savers store their history after the last step.</param>
/// <param name="Savers">How many partitions (0 up) store theirs: every one when each keeps its own momentum, one when all are equal.</param>
internal sealed record HistoryExchange(string KeyPrefix, bool Restore, bool Save, int Savers)
{
    /// <summary>The key of <paramref name="partition"/>'s history.</summary>
    public string KeyOf(int partition) => KeyOf(KeyPrefix, partition);

    /// <summary>The key of <paramref name="partition"/>'s history among the keys under <paramref name="keyPrefix"/>.</summary>
    public static string KeyOf(string keyPrefix, int partition) =>
        string.Create(System.Globalization.CultureInfo.InvariantCulture, $"{keyPrefix}/{partition}");
}
