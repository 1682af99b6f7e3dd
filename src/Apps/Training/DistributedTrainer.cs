using System.Diagnostics;
using ActorNet.Gpu;
using ActorNet.Rdd;
using ActorNet.Training.Internal;
using ActorNet.Training.Internal.Modes;

namespace ActorNet.Training;

/// <summary>
/// Trains a Caffe net on an RDD of (sample, label) pairs across the cluster's workers. Configure it with
/// the <c>With…</c> methods, then call <c>Fit</c>:
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
    private TimeSpan _stepTimeout = TimeSpan.FromMinutes(10);
    private bool _scaleLearningRate = true;
    private int _warmupIterations;
    private ComputeDevice? _device;

    /// <summary>How many failed rounds one <c>Fit</c> runs again before it gives up.</summary>
    public const int MaxRecoveries = 3;

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

    /// <summary>Raised on the driver when a round failed and training goes back to the last weights it read.</summary>
    public event Action<RecoveryReport>? Recovering;

    /// <summary>
    /// Trains on <paramref name="workers"/> partitions (the data is repartitioned to that many). Without it the workers
    /// follow the cluster: they start as the context's parallelism, and at every test point (see <see cref="WithTestEvery"/>)
    /// the trainer compares them with the cluster's task slots now; when workers joined or left, it repartitions the
    /// training data to the new count and continues from the weights just read (Spark's repartition point).
    /// </summary>
    public DistributedTrainer WithWorkers(int workers)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(workers, 1);
        _workers = workers;
        return this;
    }

    /// <summary>How the workers are combined (default: model averaging with sync interval 5).</summary>
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

    /// <summary>
    /// Linear learning-rate scaling (on by default): the workers train with the solver's base_lr times the mode's
    /// <see cref="TrainingMode.LearningRateFactor"/> — the number of workers for model averaging, the synchronous parameter
    /// server and allreduce, whose epoch takes that many times fewer steps, each on a mean over the workers (Goyal et al.'s
    /// rule for K workers' batches) — and again after workers join or leave. <c>false</c> trains with the solver's base_lr
    /// as it is. See <see cref="LearningRateFor"/>.
    /// </summary>
    public DistributedTrainer WithLearningRateScaling(bool scale)
    {
        _scaleLearningRate = scale;
        return this;
    }

    /// <summary>
    /// Goyal et al.'s gradual warm-up for the scaled learning rate: over the first <paramref name="iterations"/> cluster
    /// iterations (steps of each worker, counted as the lr_policy counts them) the base_lr ramps linearly from the solver's
    /// own to <see cref="LearningRateFor"/>'s (default 0: the scaled rate from the first step). No effect without scaling.
    /// </summary>
    public DistributedTrainer WithLearningRateWarmup(int iterations)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(iterations);
        _warmupIterations = iterations;
        return this;
    }

    /// <summary>
    /// The base_lr the workers' solvers use with <paramref name="workers"/> workers: the solver's base_lr, times the mode's
    /// <see cref="TrainingMode.LearningRateFactor"/> unless scaling is off (<see cref="WithLearningRateScaling"/>).
    /// The solver's lr_policy then applies to it as usual.
    /// </summary>
    public float LearningRateFor(int workers)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(workers, 1);
        return _scaleLearningRate ? _solver.BaseLr * _mode.LearningRateFactor(workers) : _solver.BaseLr;
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

    /// <summary>
    /// The device the workers' nets run on (default: each worker node's <c>actornet.gpu.device</c>, itself <c>cpu</c> by
    /// default). With <c>cuda</c> each worker takes its own GPU: the worker's index modulo the GPUs of its machine. The
    /// weights leave a worker's device once per round and return once, in the exchange.
    /// </summary>
    public DistributedTrainer WithDevice(ComputeDevice device)
    {
        _device = device ?? throw new ArgumentNullException(nameof(device));
        return this;
    }

    /// <summary>The seed of the weight fillers (default 1701) and of the workers' start offsets.</summary>
    public DistributedTrainer WithSeed(int seed)
    {
        _seed = seed;
        return this;
    }

    /// <summary>
    /// Writes the weights, the solver state (iteration and momentum: one per worker for model averaging, whose workers
    /// keep their own; the shared one for allreduce; the servers' for the parameter server) and the round to
    /// <paramref name="directory"/> every <paramref name="everyRounds"/> rounds and after the last.
    /// </summary>
    public DistributedTrainer WithCheckpoint(string directory, int everyRounds)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(directory);
        ArgumentOutOfRangeException.ThrowIfLessThan(everyRounds, 1);
        _checkpoint = (directory, everyRounds);
        return this;
    }

    /// <summary>
    /// Starts from the latest checkpoint in <paramref name="directory"/>: its weights and solver state, and the round after
    /// its round. A checkpoint with one state per worker resumed with another number of workers gives each the mean.
    /// </summary>
    public DistributedTrainer WithResume(string directory)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(directory);
        _resumeFrom = directory;
        return this;
    }

    /// <summary>
    /// How long a worker waits for one operation on the store (default 10 minutes): synchronous modes wait for the
    /// slowest worker's step, and for a replacement task when a worker is lost.
    /// </summary>
    public DistributedTrainer WithStepTimeout(TimeSpan timeout)
    {
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(timeout, TimeSpan.Zero);
        _stepTimeout = timeout;
        return this;
    }

    /// <summary>
    /// Trains for <paramref name="rounds"/> rounds (counting the rounds of a resumed run) and returns the
    /// model. <paramref name="test"/> (optional) is scored on the workers every WithTestEvery rounds. A round that
    /// fails (a worker process lost with the store slices it held) is run again from the last weights the driver
    /// read — the last test, checkpoint or start — up to <see cref="MaxRecoveries"/> times.
    /// </summary>
    /// <exception cref="InvalidOperationException">The workers cannot all run at once, or rounds keep failing.</exception>
    public TrainedModel Fit(Rdd<(float[] Data, int Label)> train, Rdd<(float[] Data, int Label)>? test, int rounds)
    {
        ArgumentNullException.ThrowIfNull(train);
        return Fit(train, static (plan, _, items) => new FloatSamples(items, plan), test, rounds, _inputShape);
    }

    /// <summary>
    /// Trains on 8-bit images (channel-major bytes and a label) that the workers transform with
    /// <paramref name="transform"/> every time they feed one — a fresh random crop and mirror per visit, as Caffe's
    /// data layers do — instead of samples transformed once. The images stay cached as bytes (a quarter of the floats'
    /// memory). Otherwise as <see cref="Fit(Rdd{ValueTuple{float[], int}}, Rdd{ValueTuple{float[], int}}?, int)"/>;
    /// the net's input shape is the transform's output shape.
    /// </summary>
    public TrainedModel Fit(Rdd<(byte[] Pixels, int Label)> trainImages, ImageTransform transform, Rdd<(float[] Data, int Label)>? test, int rounds)
    {
        ArgumentNullException.ThrowIfNull(trainImages);
        ArgumentNullException.ThrowIfNull(transform);
        return Fit(trainImages, (plan, partition, items) =>
            new TransformedImages(items, transform.Create(Phase.Train, WorkerReplica.SeedOf(plan, partition)), plan), test, rounds,
            _inputShape ?? transform.OutputShape);
    }

    private TrainedModel Fit<T>(Rdd<T> train, Func<TrainingPlan, int, List<T>, ITrainingSamples> samples, Rdd<(float[] Data, int Label)>? test, int rounds,
        (int Channels, int Height, int Width)? inputShape)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(rounds, 1);
        var unscaled = TrainingPlan.From(_solver, inputShape, _seed) with { Device = _device?.ToString() };
        int workers = _workers ?? _context.DefaultParallelism;
        TrainingPlan PlanFor(int count) => unscaled.WithBaseLr(LearningRateFor(count), _solver.BaseLr, _scaleLearningRate ? _warmupIterations : 0);
        var plan = PlanFor(workers);
        // Every worker's task of a round must run at the same time: they wait for each other in the store.
        if (workers > _context.DefaultParallelism)
            throw new InvalidOperationException(
                $"{workers} workers need {workers} tasks running at once, but master {_context.Master} gives {_context.DefaultParallelism} task slots; use WithWorkers({_context.DefaultParallelism}) or more cores.");
        TrainingData<T> Partitioned(int count) => new((train.NumPartitions == count ? train : train.Repartition(count)).Cache(), samples);
        var data = Partitioned(workers);

        var weights = new Net(plan.Solver().NetParam, Phase.Train, plan.Seed).GetWeights();
        IReadOnlyList<SavedSolverState> states = [];
        int firstRound = 1;
        if (_resumeFrom is not null)
        {
            var resumed = TrainingCheckpoint.Latest(_resumeFrom)
                ?? throw new FileNotFoundException($"No checkpoint to resume from in {_resumeFrom}.");
            (weights, states) = (resumed.Weights, resumed.States);
            firstRound = resumed.Round + 1;
        }

        string runId = $"{_context.AppId}-{Guid.NewGuid():N}";
        var clock = Stopwatch.StartNew();
        var run = ModeRun.Create(_mode, _context, plan, runId, workers, _stepTimeout);
        try
        {
            // The last weights (and solver states, when a checkpoint read them) the driver holds, and the round they end:
            // where a failed round restarts from.
            var (saved, savedStates, savedRound) = (weights, states, firstRound - 1);
            run.Start(saved, savedStates, firstRound);
            _context.PostEvent(new Rdd.Events.TrainingStarted(_context.EventTime, _mode.ToString(), workers, _mode.StepsPerRound,
                LearningRateFor(workers), plan.TrainBatch, rounds));
            int recoveries = 0;
            for (int round = firstRound; round <= rounds; round++)
            {
                bool testing = test is not null && (round % _testEvery == 0 || round == rounds);
                bool checkpointing = _checkpoint is { } c && (round % c.EveryRounds == 0 || round == rounds);
                bool reading = testing || checkpointing || round == rounds;
                float loss;
                IReadOnlyList<SolverState> solverStates = [];
                var roundStarted = clock.Elapsed;
                try
                {
                    loss = run.Round(data, round, saveState: checkpointing);
                    // Read in the same attempt: a node lost between the round and the read takes the slices with it, and
                    // the round is recovered like one that failed.
                    if (reading) weights = run.WeightsAfter(round);
                    if (checkpointing) solverStates = run.StatesAfter(round);
                }
                catch (Exception e) when (e is not OperationCanceledException && recoveries < MaxRecoveries)
                {
                    recoveries++;
                    Recovering?.Invoke(new RecoveryReport(round, savedRound + 1, e.Message));
                    _context.PostEvent(new Rdd.Events.TrainingRecovered(_context.EventTime, round, savedRound + 1, e.Message));
                    run.Start(saved, savedStates, savedRound + 1);
                    round = savedRound;
                    continue;
                }

                var roundTime = clock.Elapsed - roundStarted;
                float? accuracy = null;
                if (reading) (saved, savedStates, savedRound) = (weights, [], round);
                if (testing) accuracy = new TrainedModel(plan, weights).Accuracy(test!);
                if (checkpointing)
                {
                    TrainingCheckpoint.Write(_checkpoint!.Value.Directory, round, weights, solverStates);
                    _context.PostEvent(new Rdd.Events.TrainingCheckpointWritten(_context.EventTime, round, _checkpoint!.Value.Directory));
                    savedStates = SavedSolverState.InMemory(solverStates, round);
                }
                RoundCompleted?.Invoke(new RoundReport(round, clock.Elapsed.TotalSeconds, loss, accuracy, workers));
                _context.PostEvent(new Rdd.Events.TrainingRoundEnded(_context.EventTime, round, clock.Elapsed.TotalSeconds, loss, accuracy,
                    ImagesPerSecond(workers, plan.TrainBatch, roundTime), workers));

                // A repartition point: workers that joined (or left) since the start take part from the next round.
                if (testing && _workers is null && round < rounds && _context.TaskSlots is var slots && slots > 0 && slots != workers)
                {
                    run.Dispose();
                    data.Release(runId);
                    workers = slots;
                    plan = PlanFor(workers);
                    data = Partitioned(workers);
                    run = ModeRun.Create(_mode, _context, plan, runId, workers, _stepTimeout);
                    run.Start(weights, savedStates, round + 1);
                    (saved, savedRound) = (weights, round);
                }
            }
        }
        finally
        {
            run.Dispose();
            // The workers' nets and cached samples of this run are no longer needed.
            data.Release(runId);
        }
        return new TrainedModel(plan, weights);
    }

    // The images the workers trained on in a round (each runs StepsPerRound iterations of a batch), per second of it.
    private double ImagesPerSecond(int workers, int batch, TimeSpan roundTime) =>
        roundTime > TimeSpan.Zero ? (double)workers * batch * _mode.StepsPerRound / roundTime.TotalSeconds : 0;
}
