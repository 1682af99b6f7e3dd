using ActorNet.VectorStore;
using ActorNet.Gpu;
using ActorNet.Rdd;

namespace ActorNet.Training.Internal;

/// <summary>
/// One worker's training state kept alive across rounds (SparkNet's WorkerStore entry): its solver (so momentum
/// and the learning-rate schedule stay local, as in SparkNet), its partition's samples, and a random source for
/// each round's start offset. One method per training mode runs a round against the cluster's vector store.
/// </summary>
internal sealed class WorkerReplica
{
    private readonly TrainingPlan _plan;
    private readonly BatchFeeder _feeder;
    // The weights in the flat layout, pulled into and pushed from every round: one array rather than two fresh ones per
    // round (CaffeNet's are 244 MB each), replaced only after a failed push (see PushFlatWeights).
    private float[] _flatWeights;
    private long _position;
    // The plan's (scaled) base_lr; a warm-up lowers the solver's below it for the first iterations.
    private readonly float _baseLr;

    public WorkerReplica(TrainingPlan plan, int partition, ITrainingSamples samples)
    {
        if (samples.Count == 0) throw new InvalidOperationException($"Training partition {partition} is empty; use fewer workers than samples.");
        _plan = plan;
        Partition = partition;
        var solver = plan.Solver();
        solver.AverageLoss = 1; // each step's own loss, averaged over the round below
        var nodeConfig = TaskContext.Get() is { } task ? ActorNet.ControlPlane.NodeConfiguration.Of(task.NodeSystem) : null;
        ComputeConfiguration.Apply(nodeConfig);
        Device = WorkerDevice.Resolve(plan.Device, nodeConfig, partition);
        Solver = new Solver(solver, new Net(solver.NetParam, Phase.Train, Device, plan.Seed));
        _baseLr = solver.BaseLr;
        Samples = samples;
        _feeder = new BatchFeeder(plan, plan.TrainBatch);
        _flatWeights = new float[FlatWeights.Count(Solver.Net)];
    }

    public int Partition { get; }

    /// <summary>The device this worker's net runs on.</summary>
    public ComputeDevice Device { get; }

    /// <summary>
    /// The random seed of a partition's replica: its start offsets and its image transforms. Not HashCode.Combine: its
    /// seed differs per process, and a worker process must draw what one process would.
    /// </summary>
    public static int SeedOf(TrainingPlan plan, int partition) => unchecked(plan.Seed * 1_000_003 + partition);

    public Solver Solver { get; }

    public ITrainingSamples Samples { get; }

    /// <summary>
    /// Runs <paramref name="round"/> on this replica as round attempt <paramref name="attempt"/>, one task at a time. When
    /// the driver takes an executor for lost (a long pause, a partition of the network) it runs the round's task again,
    /// possibly on this very process, while the first task still runs here: two rounds stepping one solver would apply
    /// every update twice. So a task waits for the one running here; once this attempt's round has completed here, a
    /// task of it again gets that round's loss without a second run (its pushes are in the store already); and an
    /// attempt older than one this replica has run was superseded by a recovery and fails without touching the replica.
    /// </summary>
    /// <exception cref="InvalidOperationException">A newer attempt has run here.</exception>
    /// <exception cref="OperationCanceledException">The task was killed while waiting.</exception>
    public float RunAttempt(long attempt, CancellationToken cancel, Func<float> round)
    {
        _turn.Wait(cancel);
        try
        {
            if (attempt < _latestAttempt)
                throw new InvalidOperationException(
                    $"Training partition {Partition}: round attempt {attempt} was superseded by attempt {_latestAttempt} (the driver ran the round again); not run.");
            if (attempt == _completed.Attempt) return _completed.Loss;
            _latestAttempt = attempt;
            float loss = round();
            _completed = (attempt, loss);
            return loss;
        }
        finally
        {
            _turn.Release();
        }
    }

    private readonly SemaphoreSlim _turn = new(1, 1);
    // The newest round attempt this replica has started, and the last it completed with its loss (guarded by _turn).
    private long _latestAttempt;
    private (long Attempt, float Loss) _completed = (-1, 0);

    /// <summary>
    /// Model averaging: takes the round's weights (version <paramref name="version"/> of <paramref name="key"/>), runs
    /// <paramref name="steps"/> solver steps (cluster iterations <paramref name="firstIteration"/> on, for the learning-rate
    /// schedule) from a random batch-aligned start in the partition, and contributes the new weights to the store's
    /// average for the next version. Momentum stays with the replica; <paramref name="history"/> moves it for checkpoints.
    /// Returns the mean loss of the steps.
    /// </summary>
    public float AveragingRound(ShardedVectorStore store, string key, long version, int firstIteration, int steps, int contributors,
        HistoryExchange history, CancellationToken cancel)
    {
        PullAllWeights(store, key, version, cancel);
        RestoreHistory(store, history, cancel);
        Solver.JumpTo(firstIteration);
        StartRound(firstIteration);
        double loss = 0;
        for (int s = 0; s < steps; s++)
        {
            WarmUp(firstIteration + s);
            loss += Solver.Step(1, NextBatch);
        }
        PushFlatWeights(Solver.Net, weights => store.PushAtStepAsync(key, weights, "assign", version, contributors, Partition, cancel));
        SaveHistory(store, history, cancel);
        return (float)(loss / steps);
    }

    /// <summary>
    /// Parameter server: every step pulls the weights (synchronous: the version of that step), computes the gradient of
    /// the next batch, turns it into SGD's step at global <paramref name="firstIteration"/> + s and pushes it to the
    /// servers, which apply it with momentum. <paramref name="contributors"/> 0 means asynchronous.
    /// </summary>
    public float ParameterServerRound(ShardedVectorStore store, string key, long firstStep, int firstIteration, int steps, int contributors, CancellationToken cancel)
    {
        var net = Solver.Net;
        var step = new float[net.LearnedCount];
        var weights = new float[net.LearnedCount];
        string rule = FormattableString.Invariant($"momentum({Solver.Param.Momentum})");
        StartRound(firstIteration);
        double loss = 0;
        for (int s = 0; s < steps; s++)
        {
            Wait(contributors > 0 ? store.PullAtVersionAsync(key, weights, firstStep + s, cancel) : store.PullAsync(key, weights, cancel));
            net.SetLearnedData(weights);
            Solver.JumpTo(firstIteration + s);
            WarmUp(firstIteration + s);
            loss += Solver.ComputeGradients(NextBatch);
            Solver.GradientsToStep();
            net.CopyLearnedDiff(step);
            Wait(contributors > 0
                ? store.PushAtStepAsync(key, step, rule, firstStep + s, contributors, Partition, cancel)
                : store.PushAsync(key, step, rule, cancel));
        }
        return (float)(loss / steps);
    }

    /// <summary>
    /// Allreduce: takes the round's weights, then every step averages this worker's gradient with the others' through
    /// <paramref name="gradientKey"/> (pushed for the step, pulled once all arrived) and applies it with the local
    /// solver, so every replica takes the same step. The first partition records the round's resulting weights.
    /// </summary>
    public float AllReduceRound(ShardedVectorStore store, string weightsKey, string gradientKey, long version, long firstStep,
        int firstIteration, int steps, int contributors, HistoryExchange history, CancellationToken cancel)
    {
        var net = Solver.Net;
        var gradient = new float[net.LearnedCount];
        PullAllWeights(store, weightsKey, version, cancel);
        RestoreHistory(store, history, cancel);
        StartRound(firstIteration);
        double loss = 0;
        for (int s = 0; s < steps; s++)
        {
            Solver.JumpTo(firstIteration + s);
            WarmUp(firstIteration + s);
            loss += Solver.ComputeGradients(NextBatch);
            net.CopyLearnedDiff(gradient);
            Wait(store.PushAtStepAsync(gradientKey, gradient, "assign", firstStep + s, contributors, Partition, cancel));
            net.SetLearnedDiff(Wait(store.PullAtVersionAsync(gradientKey, gradient.Length, firstStep + s + 1, cancel)));
            Solver.ApplyGradients();
        }
        // The replicas are identical: one of them records the weights the next round starts from.
        if (Partition == 0)
            PushFlatWeights(net, weights => store.PushAtStepAsync(weightsKey, weights, "assign", version, contributors: 1, contributor: 0, cancel));
        SaveHistory(store, history, cancel);
        return (float)(loss / steps);
    }

    // The solver's base_lr for cluster iteration `iteration` (the lr_policy reads it every step).
    private void WarmUp(int iteration) => Solver.Param.BaseLr = _plan.BaseLrAt(iteration, _baseLr);

    // The history a checkpoint holds for this partition, before the round's first step.
    private void RestoreHistory(ShardedVectorStore store, HistoryExchange history, CancellationToken cancel)
    {
        if (history.Restore) Solver.SetHistory(Wait(store.PullAsync(history.KeyOf(Partition), cancel)));
    }

    // This partition's history after the round, for the driver's checkpoint.
    private void SaveHistory(ShardedVectorStore store, HistoryExchange history, CancellationToken cancel)
    {
        if (!history.Save || Partition >= history.Savers) return;
        var values = new float[Solver.HistoryCount];
        Solver.CopyHistory(values);
        Wait(store.InitAsync(history.KeyOf(Partition), values, cancel));
    }

    // Pushes the net's weights from the flat array.
    private void PushFlatWeights(Net net, Func<float[], Task> push)
    {
        FlatWeights.FlattenInto(net, _flatWeights);
        WithFlatWeights(push);
    }

    // The round's weights, version `version` of `key`, into the net.
    private void PullAllWeights(ShardedVectorStore store, string key, long version, CancellationToken cancel)
    {
        WithFlatWeights(weights => store.PullAtVersionAsync(key, weights, version, cancel));
        FlatWeights.SetInto(Solver.Net, _flatWeights);
    }

    // Runs a store operation on the flat array, which the store reads (pushes) or writes (pulls) in place. After one that
    // failed, a message may still be on its way reading it or a reply still arriving into it, so the next round (a task
    // run again) gets a new array instead.
    private void WithFlatWeights(Func<float[], Task> operation)
    {
        try
        {
            Wait(operation(_flatWeights));
        }
        catch
        {
            _flatWeights = new float[_flatWeights.Length];
            throw;
        }
    }

    // Each round starts at a random batch-aligned position in the partition (SparkNet's random start offset), drawn from
    // the partition's seed and the round's first iteration, so a run resumed from a checkpoint draws what it would have.
    private void StartRound(int firstIteration)
    {
        int batches = Math.Max(1, Samples.Count / _plan.TrainBatch);
        var random = new Random(unchecked(SeedOf(_plan, Partition) * 31 + firstIteration));
        _position = (long)random.Next(batches) * _plan.TrainBatch;
    }

    private void NextBatch(Net net)
    {
        _feeder.Fill(net, Samples, _position);
        _position += _plan.TrainBatch;
    }

    private static T Wait<T>(Task<T> task) => task.GetAwaiter().GetResult();

    private static void Wait(Task task) => task.GetAwaiter().GetResult();
}
