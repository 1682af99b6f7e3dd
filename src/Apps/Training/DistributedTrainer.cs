using System.Diagnostics;
using ActorNet.Gpu;
using ActorNet.Rdd;
using ActorNet.Training.Internal;

namespace ActorNet.Training;

/// <summary>
/// Trains a Caffe net on an RDD of (sample, label) pairs across the cluster's workers. Configure it with
/// the <c>With…</c> methods, then call <see cref="Fit"/>:
/// <code>
/// var model = new DistributedTrainer(ctx, solver)
///     .WithWorkers(4).WithMode(TrainingMode.ModelAveraging(syncInterval: 50)).WithTestEvery(5)
///     .Fit(train, test, rounds: 20);
/// </code>
/// The training data is cached on the workers (one partition per worker) and each worker keeps its net
/// between rounds (SparkNet's WorkerStore).
/// </summary>
public sealed class DistributedTrainer
{
    private readonly ClusterContext _context;
    private readonly SolverParameter _solver;
    private int? _workers;
    private TrainingMode _mode = TrainingMode.ModelAveraging();
    private int _testEvery = 1;
    private (int Channels, int Height, int Width)? _inputShape;
    private int _seed = 1701;
    private (string Directory, int EveryRounds)? _checkpoint;
    private string? _resumeFrom;

    /// <summary>A trainer running on <paramref name="context"/> with <paramref name="solver"/>, whose inline net (net_param) is trained.</summary>
    public DistributedTrainer(ClusterContext context, SolverParameter solver)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(solver);
        _context = context;
        _solver = solver.Clone();
    }

    /// <summary>Raised on the driver after each round.</summary>
    public event Action<RoundReport>? RoundCompleted;

    /// <summary>Trains on <paramref name="workers"/> partitions (the data is repartitioned to that many; default: the context's parallelism).</summary>
    public DistributedTrainer WithWorkers(int workers)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(workers, 1);
        _workers = workers;
        return this;
    }

    /// <summary>How the workers are combined (default: model averaging with sync interval 50).</summary>
    public DistributedTrainer WithMode(TrainingMode mode)
    {
        _mode = mode ?? throw new ArgumentNullException(nameof(mode));
        return this;
    }

    /// <summary>Evaluates the test data every <paramref name="rounds"/> rounds (and after the last).</summary>
    public DistributedTrainer WithTestEvery(int rounds)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(rounds, 1);
        _testEvery = rounds;
        return this;
    }

    /// <summary>The shape of one sample, needed when the net still has Data layers that become Input layers.</summary>
    public DistributedTrainer WithInputShape(int channels, int height, int width)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(channels, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(height, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(width, 1);
        _inputShape = (channels, height, width);
        return this;
    }

    /// <summary>The seed of the weight fillers (default 1701) and of the workers' start offsets.</summary>
    public DistributedTrainer WithSeed(int seed)
    {
        _seed = seed;
        return this;
    }

    /// <summary>Writes the weights and the round to <paramref name="directory"/> every <paramref name="everyRounds"/> rounds and after the last.</summary>
    public DistributedTrainer WithCheckpoint(string directory, int everyRounds)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(directory);
        ArgumentOutOfRangeException.ThrowIfLessThan(everyRounds, 1);
        _checkpoint = (directory, everyRounds);
        return this;
    }

    /// <summary>Starts from the latest checkpoint in <paramref name="directory"/>: its weights, and the round after its round.</summary>
    public DistributedTrainer WithResume(string directory)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(directory);
        _resumeFrom = directory;
        return this;
    }

    /// <summary>
    /// Trains for <paramref name="rounds"/> rounds (counting the rounds of a resumed run) and returns the
    /// model. <paramref name="test"/> (optional) is scored on the workers every WithTestEvery rounds.
    /// </summary>
    public TrainedModel Fit(Rdd<(float[] Data, int Label)> train, Rdd<(float[] Data, int Label)>? test, int rounds)
    {
        ArgumentNullException.ThrowIfNull(train);
        ArgumentOutOfRangeException.ThrowIfLessThan(rounds, 1);
        var mode = _mode as ModelAveragingMode
            ?? throw new NotSupportedException($"Training mode {_mode} is not available in this build; use TrainingMode.ModelAveraging.");
        var plan = TrainingPlan.From(_solver, _inputShape, _seed);
        int workers = _workers ?? _context.DefaultParallelism;
        var data = (train.NumPartitions == workers ? train : train.Repartition(workers)).Cache();

        var template = new Net(plan.Solver().NetParam, Phase.Train, plan.Seed).GetWeights();
        var weights = template;
        int firstRound = 1;
        if (_resumeFrom is not null)
        {
            var resumed = TrainingCheckpoint.Latest(_resumeFrom)
                ?? throw new FileNotFoundException($"No checkpoint to resume from in {_resumeFrom}.");
            weights = resumed.Weights;
            firstRound = resumed.Round + 1;
        }

        string run = $"{_context.AppId}-{Guid.NewGuid():N}";
        var clock = Stopwatch.StartNew();
        try
        {
            for (int round = firstRound; round <= rounds; round++)
            {
                var broadcast = _context.Broadcast(weights.ToBytes());
                int steps = mode.SyncInterval;
                var (sum, loss, count) = data
                    .MapPartitionsWithIndex((partition, samples) =>
                    {
                        var replica = WorkerStore.GetOrAdd(run, partition, () => new WorkerReplica(plan, partition, samples.ToList()));
                        var (w, l) = replica.RunRound(WeightCollection.FromBytes(broadcast.Value), steps);
                        return new[] { (w, l, 1) };
                    })
                    .TreeReduce((a, b) => (FlatWeights.AddInto(a.w, b.w), a.l + b.l, a.Item3 + b.Item3));
                broadcast.Destroy();
                System.Numerics.Tensors.TensorPrimitives.Divide(sum, count, sum);
                weights = FlatWeights.Unflatten(template, sum);

                float? accuracy = null;
                if (test is not null && (round % _testEvery == 0 || round == rounds))
                    accuracy = new TrainedModel(plan, weights).Accuracy(test);
                if (_checkpoint is { } c && (round % c.EveryRounds == 0 || round == rounds))
                    TrainingCheckpoint.Write(c.Directory, round, weights);
                RoundCompleted?.Invoke(new RoundReport(round, clock.Elapsed.TotalSeconds, loss / count, accuracy));
            }
        }
        finally
        {
            // The workers' nets and cached samples of this run are no longer needed.
            data.MapPartitions(_ =>
            {
                WorkerStore.Release(run);
                return Enumerable.Empty<int>();
            }).Count();
            data.Unpersist();
        }
        return new TrainedModel(plan, weights);
    }
}
