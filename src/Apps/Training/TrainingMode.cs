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
}

/// <summary>SparkNet's model averaging with its sync interval (tau).</summary>
/// <param name="SyncInterval">Solver steps per worker between two averagings.</param>
public sealed record ModelAveragingMode(int SyncInterval) : TrainingMode;
