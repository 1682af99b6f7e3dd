using ActorNet.VectorStore;
using ActorNet.Gpu;
using ActorNet.Rdd;

namespace ActorNet.Training.Internal.Modes;

/// <summary>
/// MXNet's parameter server: the solver's parameters under one key cut into <see cref="ParameterServerMode.Servers"/>
/// slices, each a server entity that applies SGD with momentum to the steps the workers push (the momentum history is the
/// servers' rule state, which checkpoints read and restore). Synchronous runs count
/// the key's versions in steps: step <c>index·tau + s</c> of a round is pulled at that version and pushed for it.
/// </summary>
internal sealed class ParameterServerRun(ClusterContext context, TrainingPlan plan, string runId, int workers, ParameterServerMode mode, TimeSpan stepTimeout)
    : ModeRun(context, plan, runId, workers, mode.StepsPerRound, stepTimeout)
{
    private string Key => $"{RunId}/servers";

    protected override int? SliceSize => (Template.LearnedCount + mode.Servers - 1) / mode.Servers;

    // The servers keep the momentum (the momentum rule's state), not the workers.
    protected override int Savers => 0;

    protected override Task InitializeAsync(ShardedVectorStore store, WeightCollection weights, IReadOnlyList<float[]> histories)
    {
        Template.SetWeights(weights);
        var flat = new float[Template.LearnedCount];
        Template.CopyLearnedData(flat);
        // SGD's history is one vector over the learned blobs, as the momentum rule's state (a checkpoint of averaging's
        // several workers gives their mean).
        var momentum = histories.Count == 0 ? null : histories.Count == 1 ? histories[0] : Mean(histories);
        return store.InitAsync(Key, flat, momentum);
    }

    protected override async Task<IReadOnlyList<float[]>> ReadHistoriesAsync(ShardedVectorStore store) =>
        [await store.PullRuleStateAsync(Key, Template.LearnedCount).ConfigureAwait(false)];

    protected override Rdd<float> RunRound(TrainingData data, int index, int round, HistoryExchange history)
    {
        string key = Key;
        int steps = StepsPerRound;
        int contributors = mode.Asynchronous ? 0 : Workers;
        long firstStep = (long)index * steps;
        int firstIteration = (round - 1) * steps;
        return OnReplicas(data, (replica, store, cancel) => replica.ParameterServerRound(store, key, firstStep, firstIteration, steps, contributors, cancel));
    }

    protected override async Task<WeightCollection> ReadAsync(ShardedVectorStore store, int completedRounds)
    {
        var flat = mode.Asynchronous
            ? await store.PullAsync(Key).ConfigureAwait(false)
            : await store.PullAtVersionAsync(Key, Template.LearnedCount, (long)completedRounds * StepsPerRound).ConfigureAwait(false);
        Template.SetLearnedData(flat);
        return Template.GetWeights();
    }

    protected override Task RemoveAsync(ShardedVectorStore store) => store.RemoveAsync(Key, Template.LearnedCount);
}
