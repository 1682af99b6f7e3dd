using ActorNet.Actors.Sharding;
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

    /// <summary>(Re)initializes the mode's keys from <paramref name="weights"/>, as the state before <paramref name="round"/>.</summary>
    public void Start(WeightCollection weights, int round)
    {
        DriverStore ??= ShardedVectorStore.ForMember(Context.NodeSystem, StepTimeout, SliceSize);
        BaseRound = round;
        Wait(InitializeAsync(DriverStore, weights));
    }

    /// <summary>Runs round <paramref name="round"/> on the workers' partitions of <paramref name="data"/>; returns the workers' mean loss.</summary>
    public float Round(TrainingData data, int round)
    {
        var losses = RunRound(data, round - BaseRound, round).Collect();
        return losses.Average();
    }

    /// <summary>The weights after round <paramref name="round"/> (read from the store).</summary>
    public WeightCollection WeightsAfter(int round) => Wait(ReadAsync(DriverStore!, round - BaseRound + 1));

    public void Dispose()
    {
        if (DriverStore is { } store)
        {
            try
            {
                Wait(RemoveAsync(store));
            }
            catch (Exception)
            {
                // The slices of a lost node are gone already; the rest go away with the cluster.
            }
        }
    }

    /// <summary>Floats per store slice for this mode's keys (every client of a key uses the same).</summary>
    protected virtual int? SliceSize => null;

    protected abstract Task InitializeAsync(ShardedVectorStore store, WeightCollection weights);

    protected abstract Rdd<float> RunRound(TrainingData data, int index, int round);

    protected abstract Task<WeightCollection> ReadAsync(ShardedVectorStore store, int completedRounds);

    protected abstract Task RemoveAsync(ShardedVectorStore store);

    /// <summary>Each partition's replica running <paramref name="round"/>; one loss per partition.</summary>
    protected Rdd<float> OnReplicas(TrainingData data, Func<WorkerReplica, ShardedVectorStore, CancellationToken, float> round) =>
        data.OnReplicas(Plan, RunId, StepTimeout, DriverStore!.SliceSize, round);

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
