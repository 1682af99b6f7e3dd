using ActorNet.VectorStore;
using ActorNet.Gpu;
using ActorNet.Rdd;

namespace ActorNet.Training.Internal.Modes;

/// <summary>
/// The driver's side of one training mode for one <c>DistributedTrainer.Fit</c>: the vector-store keys the mode
/// keeps its shared state under, the job each round runs on the workers, and reading the weights back. The keys are
/// initialized from given weights at a base round; a round's index is its distance from that base, which is also the
/// version its synchronous steps start from. Functions shipped to the workers copy what they need into locals, never
/// the run itself (it holds the driver's store client).
/// </summary>
internal abstract class ModeRun : IDisposable
{
    protected ModeRun(ClusterContext context, TrainingPlan plan, string runId, int workers, int stepsPerRound, TimeSpan stepTimeout)
    {
        Context = context;
        Plan = plan;
        RunId = runId;
        Workers = workers;
        StepsPerRound = stepsPerRound;
        StepTimeout = stepTimeout;
        Template = new Net(plan.Solver().NetParam, Phase.Train, plan.Seed);
    }

    protected ClusterContext Context { get; }

    protected TrainingPlan Plan { get; }

    protected string RunId { get; }

    protected int Workers { get; }

    protected int StepsPerRound { get; }

    protected TimeSpan StepTimeout { get; }

    /// <summary>A net of the training phase on the driver, to convert between weight layouts.</summary>
    protected Net Template { get; }

    /// <summary>The round the keys were last initialized at (its index is 0).</summary>
    protected int BaseRound { get; private set; }

    protected ShardedVectorStore? DriverStore { get; private set; }

    public static ModeRun Create(TrainingMode mode, ClusterContext context, TrainingPlan plan, string runId, int workers, TimeSpan stepTimeout) => mode switch
    {
        ModelAveragingMode m => new AveragingRun(context, plan, runId, workers, m.SyncInterval, stepTimeout),
        ParameterServerMode m => new ParameterServerRun(context, plan, runId, workers, m, stepTimeout),
        AllReduceMode m => new AllReduceRun(context, plan, runId, workers, m.StepsPerRound, stepTimeout),
        _ => throw new NotSupportedException($"Training mode {mode} is not supported."),
    };

    /// <summary>
    /// (Re)initializes the mode's keys from <paramref name="weights"/> and the solver <paramref name="states"/> of a
    /// checkpoint (none: the replicas keep the momentum they have, fresh ones start from zeros), as the state before
    /// <paramref name="round"/>.
    /// </summary>
    public void Start(WeightCollection weights, IReadOnlyList<SavedSolverState> states, int round)
    {
        DriverStore ??= ShardedVectorStore.ForMember(Context.NodeSystem, StepTimeout, SliceSize);
        BaseRound = round;
        var histories = states.Select(s => StateConverter.HistoryOf(s)).ToList();
        Wait(InitializeAsync(DriverStore, weights, histories));
        _restoreHistories = histories.Count > 0 && Savers > 0;
        _historiesWritten |= _restoreHistories;
    }

    /// <summary>
    /// Runs round <paramref name="round"/> on the workers' partitions of <paramref name="data"/>; returns the workers' mean
    /// loss. <paramref name="saveState"/>: the driver reads the solver state after this round (<see cref="StatesAfter"/>).
    /// </summary>
    public float Round(TrainingData data, int round, bool saveState)
    {
        var history = new HistoryExchange(HistoryPrefix, Restore: _restoreHistories && round == BaseRound, Save: saveState, Savers);
        _historiesWritten |= saveState && Savers > 0;
        _attempt = Interlocked.Increment(ref s_attempts);
        var losses = RunRound(data, round - BaseRound, round, history).Collect();
        return losses.Average();
    }

    /// <summary>The weights after round <paramref name="round"/> (read from the store).</summary>
    public WeightCollection WeightsAfter(int round) => Wait(ReadAsync(DriverStore!, round - BaseRound + 1));

    /// <summary>
    /// The solver states after round <paramref name="round"/>, which ran with <c>saveState</c>: Caffe's SolverState of each
    /// replica that keeps its own momentum (averaging), or the one every replica or the servers share.
    /// </summary>
    public IReadOnlyList<SolverState> StatesAfter(int round)
    {
        var histories = Wait(ReadHistoriesAsync(DriverStore!));
        return histories.Select(h => StateConverter.StateOf(h, round * StepsPerRound)).ToList();
    }

    public void Dispose()
    {
        if (DriverStore is { } store)
        {
            try
            {
                Wait(RemoveAsync(store));
                Wait(RemoveHistoriesAsync(store));
            }
            catch (Exception)
            {
                // The slices of a lost node are gone already; the rest go away with the cluster.
            }
        }
    }

    /// <summary>Floats per store slice for this mode's keys (every client of a key uses the same).</summary>
    protected virtual int? SliceSize => null;

    /// <summary>How many partitions store their solver history for a checkpoint (each its own: every worker; 0: the mode keeps it elsewhere).</summary>
    protected virtual int Savers => Workers;

    /// <summary>Writes the mode's keys: the weights, and the solver histories of a checkpoint (possibly none).</summary>
    protected abstract Task InitializeAsync(ShardedVectorStore store, WeightCollection weights, IReadOnlyList<float[]> histories);

    protected abstract Rdd<float> RunRound(TrainingData data, int index, int round, HistoryExchange history);

    /// <summary>The solver histories the savers stored after the last round.</summary>
    protected virtual async Task<IReadOnlyList<float[]>> ReadHistoriesAsync(ShardedVectorStore store)
    {
        return await Task.WhenAll(Enumerable.Range(0, Savers).Select(p => store.PullAsync(HistoryKey(p)))).ConfigureAwait(false);
    }

    /// <summary>
    /// Stores a checkpoint's histories for the replicas to take at the next round: each its own when the checkpoint has
    /// one per worker, otherwise the one shared history, or the mean when the number of workers changed.
    /// </summary>
    protected async Task InitHistoriesAsync(ShardedVectorStore store, IReadOnlyList<float[]> histories)
    {
        if (histories.Count == 0 || Savers == 0) return;
        var shared = histories.Count == 1 ? histories[0] : Mean(histories);
        await Task.WhenAll(Enumerable.Range(0, Workers).Select(p =>
            store.InitAsync(HistoryKey(p), histories.Count == Workers ? histories[p] : shared))).ConfigureAwait(false);
    }

    /// <summary>The element-wise mean of equally long vectors.</summary>
    protected static float[] Mean(IReadOnlyList<float[]> vectors)
    {
        var mean = new float[vectors[0].Length];
        foreach (var v in vectors)
            for (int i = 0; i < mean.Length; i++) mean[i] += v[i];
        for (int i = 0; i < mean.Length; i++) mean[i] /= vectors.Count;
        return mean;
    }

    protected abstract Task<WeightCollection> ReadAsync(ShardedVectorStore store, int completedRounds);

    protected abstract Task RemoveAsync(ShardedVectorStore store);

    /// <summary>Drops the history keys the replicas may have written.</summary>
    private async Task RemoveHistoriesAsync(ShardedVectorStore store)
    {
        if (!_historiesWritten) return;
        int length = StateConverter.HistoryCount;
        await Task.WhenAll(Enumerable.Range(0, Workers).Select(p => store.RemoveAsync(HistoryKey(p), length))).ConfigureAwait(false);
    }

    private string HistoryPrefix => $"{RunId}/history";

    private string HistoryKey(int partition) => HistoryExchange.KeyOf(HistoryPrefix, partition);

    // Whether the first round after Start sets the replicas' histories from the store.
    private bool _restoreHistories;
    // Whether history keys may exist (to remove).
    private bool _historiesWritten;

    /// <summary>A solver on the template, to convert between Caffe's SolverState and the flat history the store holds.</summary>
    private SolverStateConverter StateConverter => _stateConverter ??= new SolverStateConverter(new Solver(Plan.Solver(), Template));

    private SolverStateConverter? _stateConverter;

    /// <summary>Each partition's replica running <paramref name="round"/> as this attempt; one loss per partition.</summary>
    protected Rdd<float> OnReplicas(TrainingData data, Func<WorkerReplica, ShardedVectorStore, CancellationToken, float> round) =>
        data.OnReplicas(Plan, RunId, _attempt, StepTimeout, DriverStore!.SliceSize, round);

    // Every round a driver runs, recovered ones included, numbered in the order they start (across runs, so a replica a
    // lost release left behind never takes a newer run's attempt for an older one): a replica runs no attempt older than
    // one it ran (see WorkerReplica.RunAttempt).
    private static long s_attempts;
    private long _attempt;

    /// <summary>Floats of the training net's weights in the flat layout (every layer's blobs).</summary>
    protected int WeightsLength => _weightsLength ??= FlatWeights.Count(Template);

    private int? _weightsLength;

    /// <summary>Writes <paramref name="weights"/> under <paramref name="key"/> in the flat layout (version 0).</summary>
    protected static Task InitWeightsAsync(ShardedVectorStore store, string key, WeightCollection weights) =>
        store.InitAsync(key, FlatWeights.Flatten(weights));

    /// <summary>The weights under <paramref name="key"/> once it reached <paramref name="version"/>.</summary>
    protected async Task<WeightCollection> ReadWeightsAsync(ShardedVectorStore store, string key, long version)
    {
        FlatWeights.SetInto(Template, await store.PullAtVersionAsync(key, WeightsLength, version).ConfigureAwait(false));
        return Template.GetWeights();
    }

    protected static T Wait<T>(Task<T> task) => task.GetAwaiter().GetResult();

    protected static void Wait(Task task) => task.GetAwaiter().GetResult();
}
