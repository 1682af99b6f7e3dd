using ActorNet.VectorStore;
using ActorNet.Gpu;
using ActorNet.Rdd;

namespace ActorNet.Training.Internal.Modes;

/// <summary>
/// SparkNet's model averaging by actors: the weights live under one key whose slices are store entities spread over
/// the workers. Each round every worker pulls version <c>index</c>, runs tau steps and pushes its weights for step
/// <c>index</c>; each slice averages the workers' values as they arrive and moves to the next version, so every float
/// crosses the network once per hop (worker → slice owner → worker) and never passes the driver. Each replica keeps its
/// own momentum (SparkNet's choice); a checkpoint holds one solver state per worker.
/// </summary>
internal sealed class AveragingRun(ClusterContext context, TrainingPlan plan, string runId, int workers, int syncInterval, TimeSpan stepTimeout)
    : ModeRun(context, plan, runId, workers, syncInterval, stepTimeout)
{
    private string Key => $"{RunId}/weights";

    protected override async Task InitializeAsync(ShardedVectorStore store, WeightCollection weights, IReadOnlyList<float[]> histories)
    {
        await InitWeightsAsync(store, Key, weights).ConfigureAwait(false);
        await InitHistoriesAsync(store, histories).ConfigureAwait(false);
    }

    protected override Rdd<float> RunRound(TrainingData data, int index, int round, HistoryExchange history)
    {
        string key = Key;
        int steps = StepsPerRound, workers = Workers;
        int firstIteration = (round - 1) * steps;
        return OnReplicas(data, (replica, store, cancel) => replica.AveragingRound(store, key, index, firstIteration, steps, workers, history, cancel));
    }

    protected override Task<WeightCollection> ReadAsync(ShardedVectorStore store, int completedRounds) => ReadWeightsAsync(store, Key, completedRounds);

    protected override Task RemoveAsync(ShardedVectorStore store) => store.RemoveAsync(Key, WeightsLength);
}
