namespace ActorNet.Training;

/// <summary>
/// How a <see cref="DistributedTrainer"/> combines its workers. This build has SparkNet's model averaging;
/// the parameter server and allreduce modes are the next steps of the training work.
/// </summary>
public abstract record TrainingMode
{
    private protected TrainingMode()
    {
    }

    /// <summary>
    /// SparkNet's model averaging: every round each worker runs <paramref name="syncInterval"/> solver steps
    /// (SparkNet's tau) on its own partition from the round's weights, then the workers' weights are averaged
    /// into the next round's. Momentum and the learning-rate schedule stay local to each worker, as in SparkNet.
    /// </summary>
    /// <param name="syncInterval">Solver steps per worker between two averagings; at least 1.</param>
    public static TrainingMode ModelAveraging(int syncInterval = 50)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(syncInterval, 1);
        return new ModelAveragingMode(syncInterval);
    }

    /// <summary>
    /// The mode an app's <c>--mode</c> names: <c>averaging</c>; <c>ps</c> and <c>allreduce</c> (and anything else)
    /// throw an <see cref="ArgumentException"/> saying what this build has.
    /// </summary>
    public static TrainingMode FromName(string name, int syncInterval) => name switch
    {
        "averaging" => ModelAveraging(syncInterval),
        _ => throw new ArgumentException($"--mode {name} is not available in this build; --mode averaging (SparkNet's model averaging) is"),
    };
}

/// <summary>SparkNet's model averaging with its sync interval (tau).</summary>
/// <param name="SyncInterval">Solver steps per worker between two averagings.</param>
public sealed record ModelAveragingMode(int SyncInterval) : TrainingMode
{
    /// <summary>
    /// Rounds for <paramref name="epochs"/> passes over <paramref name="samples"/> samples when <paramref name="workers"/>
    /// workers each take SyncInterval batches of <paramref name="batch"/> per round (at least one).
    /// </summary>
    public int RoundsFor(double epochs, long samples, int workers, int batch) =>
        Math.Max(1, (int)Math.Ceiling(epochs * samples / ((double)workers * batch * SyncInterval)));
}
