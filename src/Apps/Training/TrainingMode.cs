namespace ActorNet.Training;

/// <summary>
/// How a <see cref="DistributedTrainer"/> combines its workers: SparkNet's model averaging, MXNet's parameter server
/// (synchronous or asynchronous) or allreduce of the gradients. Every mode runs in rounds of
/// <see cref="StepsPerRound"/> solver steps per worker; the trainer reports, tests and checkpoints between rounds.
/// All three keep their shared state in the cluster's sharded vector store (slices owned by entities on the workers),
/// so the weights and gradients move between the workers and the store, never through the driver.
/// </summary>
public abstract record TrainingMode
{
    private protected TrainingMode(int stepsPerRound)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(stepsPerRound, 1);
        StepsPerRound = stepsPerRound;
    }

    /// <summary>Solver steps each worker runs per round (model averaging's sync interval, tau).</summary>
    public int StepsPerRound { get; }

    /// <summary>
    /// SparkNet's model averaging: every round each worker runs <paramref name="syncInterval"/> solver steps
    /// (SparkNet's tau) on its own partition from the round's weights, then the workers' weights are averaged
    /// into the next round's. Momentum and the learning-rate schedule stay local to each worker, as in SparkNet.
    /// </summary>
    /// <param name="syncInterval">Solver steps per worker between two averagings; at least 1. The default 5 gave LeNet on
    /// Fashion-MNIST with 4 workers and the scaled learning rate the best accuracy per second of 5, 10, 25 and 50
    /// (bench/RESULTS.md).</param>
    public static TrainingMode ModelAveraging(int syncInterval = 5) => new ModelAveragingMode(syncInterval);

    /// <summary>
    /// MXNet's parameter server: the weights live in <paramref name="servers"/> slices, each owned by one server
    /// entity of the sharded vector store (placed on the worker nodes), which applies the solver's SGD update with
    /// momentum. Every step each worker pulls the weights, computes the gradient of its batch and pushes the step.
    /// Synchronous (MXNet's dist_sync): the step applies the mean of all workers' steps and nobody pulls step t+1
    /// before it is applied. Asynchronous (dist_async): each push is applied on arrival.
    /// </summary>
    /// <param name="servers">Server entities the weights are split over; at least 1.</param>
    /// <param name="asynchronous">True for dist_async, false for dist_sync.</param>
    /// <param name="stepsPerRound">Steps per worker between two reports; at least 1.</param>
    public static TrainingMode ParameterServer(int servers = 2, bool asynchronous = false, int stepsPerRound = 50) =>
        new ParameterServerMode(servers, asynchronous, stepsPerRound);

    /// <summary>
    /// Allreduce: every step the workers' gradients are averaged (a reduce-scatter to the store's slice entities,
    /// then an all-gather) and each worker applies the solver's own update, so the replicas stay identical.
    /// </summary>
    /// <param name="stepsPerRound">Steps per worker between two reports; at least 1.</param>
    public static TrainingMode AllReduce(int stepsPerRound = 50) => new AllReduceMode(stepsPerRound);

    /// <summary>
    /// The mode an app's <c>--mode</c> names: <c>averaging</c>, <c>ps</c> (synchronous parameter server with
    /// <paramref name="servers"/> servers), <c>ps-async</c> or <c>allreduce</c>; <paramref name="stepsPerRound"/> is
    /// the app's <c>--sync-interval</c>.
    /// </summary>
    /// <exception cref="ArgumentException">The name is none of those.</exception>
    public static TrainingMode FromName(string name, int stepsPerRound, int servers = 2) => name switch
    {
        "averaging" => ModelAveraging(stepsPerRound),
        "ps" => ParameterServer(servers, asynchronous: false, stepsPerRound),
        "ps-async" => ParameterServer(servers, asynchronous: true, stepsPerRound),
        "allreduce" => AllReduce(stepsPerRound),
        _ => throw new ArgumentException($"--mode {name} is unknown; the modes are averaging, ps, ps-async and allreduce"),
    };

    /// <summary>
    /// Rounds for <paramref name="epochs"/> passes over <paramref name="samples"/> samples when <paramref name="workers"/>
    /// workers each take StepsPerRound batches of <paramref name="batch"/> per round (at least one).
    /// </summary>
    public int RoundsFor(double epochs, long samples, int workers, int batch) =>
        Math.Max(1, (int)Math.Ceiling(epochs * samples / ((double)workers * batch * StepsPerRound)));

    /// <summary>
    /// What linear learning-rate scaling multiplies the solver's base_lr by with <paramref name="workers"/> workers: the
    /// worker count for the modes whose one epoch takes that many times fewer steps on a mean over the workers (model
    /// averaging, the synchronous parameter server, allreduce), 1 where every worker's step is applied on its own.
    /// </summary>
    public virtual int LearningRateFactor(int workers) => workers;
}

/// <summary>SparkNet's model averaging with its sync interval (tau).</summary>
public sealed record ModelAveragingMode : TrainingMode
{
    /// <summary>Model averaging every <paramref name="syncInterval"/> steps.</summary>
    public ModelAveragingMode(int syncInterval) : base(syncInterval)
    {
    }

    /// <summary>Solver steps per worker between two averagings (the same as <see cref="TrainingMode.StepsPerRound"/>).</summary>
    public int SyncInterval => StepsPerRound;

    /// <inheritdoc/>
    public override string ToString() => $"model averaging every {SyncInterval} steps";
}

/// <summary>MXNet's parameter server: weights in <see cref="Servers"/> server slices, synchronous or not.</summary>
public sealed record ParameterServerMode : TrainingMode
{
    /// <summary>A parameter server of <paramref name="servers"/> slices.</summary>
    public ParameterServerMode(int servers, bool asynchronous, int stepsPerRound) : base(stepsPerRound)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(servers, 1);
        Servers = servers;
        Asynchronous = asynchronous;
    }

    /// <summary>Server entities the weights are split over.</summary>
    public int Servers { get; }

    /// <summary>True when pushes are applied on arrival (dist_async).</summary>
    public bool Asynchronous { get; }

    /// <summary>
    /// The worker count when synchronous (each step applies the mean of the workers' steps); 1 when asynchronous: every
    /// push is applied on its own, so an epoch already takes as many updates as single-process SGD.
    /// </summary>
    public override int LearningRateFactor(int workers) => Asynchronous ? 1 : workers;

    /// <inheritdoc/>
    public override string ToString() => $"{(Asynchronous ? "asynchronous" : "synchronous")} parameter server on {Servers} servers";
}

/// <summary>Allreduce of the gradients every step.</summary>
public sealed record AllReduceMode : TrainingMode
{
    /// <summary>Allreduce, reporting every <paramref name="stepsPerRound"/> steps.</summary>
    public AllReduceMode(int stepsPerRound) : base(stepsPerRound)
    {
    }

    /// <inheritdoc/>
    public override string ToString() => "allreduce of the gradients every step";
}
