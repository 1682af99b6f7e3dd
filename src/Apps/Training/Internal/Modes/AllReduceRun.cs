using ActorNet.VectorStore;
using ActorNet.Gpu;
using ActorNet.Rdd;

namespace ActorNet.Training.Internal.Modes;

/// <summary>
/// Allreduce of the gradients: every step each worker pushes its gradient for that step under the gradient key (the
/// slice entities reduce their part: a reduce-scatter) and pulls the mean once all arrived (the all-gather), then
/// applies it with its own solver. The weights key holds each round's starting weights (versioned per round).
/// </summary>
internal sealed class AllReduceRun(ClusterContext context, TrainingPlan plan, string runId, int workers, int stepsPerRound, TimeSpan stepTimeout)
    : ModeRun(context, plan, runId, workers, stepsPerRound, stepTimeout)
{
    private string WeightsKey => $"{RunId}/weights";

    private string GradientKey => $"{RunId}/gradients";

    // Every replica applies the same gradients with the same solver, so their histories are equal: one stores it.
    protected override int Savers => 1;

    protected override async Task InitializeAsync(ShardedVectorStore store, WeightCollection weights, IReadOnlyList<float[]> histories)
    {
        await InitWeightsAsync(store, WeightsKey, weights).ConfigureAwait(false);
        await store.InitAsync(GradientKey, new float[Template.LearnedCount]).ConfigureAwait(false);
        await InitHistoriesAsync(store, histories).ConfigureAwait(false);
    }

    protected override Rdd<float> RunRound(TrainingData data, int index, int round, HistoryExchange history)
    {
        string weightsKey = WeightsKey, gradientKey = GradientKey;
        int steps = StepsPerRound, workers = Workers;
        long firstStep = (long)index * steps;
        int firstIteration = (round - 1) * steps;
        return OnReplicas(data, (replica, store, cancel) =>
            replica.AllReduceRound(store, weightsKey, gradientKey, index, firstStep, firstIteration, steps, workers, history, cancel));
    }

    protected override Task<WeightCollection> ReadAsync(ShardedVectorStore store, int completedRounds) => ReadWeightsAsync(store, WeightsKey, completedRounds);

    protected override async Task RemoveAsync(ShardedVectorStore store)
    {
        await store.RemoveAsync(WeightsKey, WeightsLength).ConfigureAwait(false);
        await store.RemoveAsync(GradientKey, Template.LearnedCount).ConfigureAwait(false);
    }
}
