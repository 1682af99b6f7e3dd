using ActorNet.Gpu;
using ActorNet.Rdd;

namespace ActorNet.Training.Tests;

public sealed class TrainingModesTests
{
    [Theory]
    [InlineData("ps")]
    [InlineData("allreduce")]
    public void A_synchronous_mode_is_single_process_sgd_on_the_workers_combined_batch(string mode)
    {
        // Each partition is exactly one batch of 8, so every step worker 0 sees the first 8 samples and worker 1 the
        // last 8. The mean of their gradients is the gradient of one batch of 16: the step single-process SGD takes.
        var samples = TinyNet.Samples(16);
        using var context = TinyNet.Local();
        const int rounds = 2, steps = 3;
        var model = new DistributedTrainer(context, TinyNet.Solver(momentum: 0.9f))
            .WithWorkers(2).WithMode(TrainingMode.FromName(mode, steps)).WithSeed(3)
            .Fit(context.Parallelize(samples, numSlices: 2), null, rounds);

        var reference = TinyNet.SingleProcessSgd(samples, rounds * steps, seed: 3, momentum: 0.9f);
        AssertSameWeights(reference, model.Weights);
    }

    [Fact]
    public void The_asynchronous_parameter_server_learns_a_separable_problem()
    {
        using var context = TinyNet.Local();
        var test = context.Parallelize(TinyNet.Samples(60, seed: 99), numSlices: 2);
        var reports = new List<RoundReport>();
        var trainer = new DistributedTrainer(context, TinyNet.Solver())
            .WithWorkers(2).WithMode(TrainingMode.ParameterServer(servers: 3, asynchronous: true, stepsPerRound: 10));
        trainer.RoundCompleted += reports.Add;
        var model = trainer.Fit(context.Parallelize(TinyNet.Samples(240), numSlices: 2), test, rounds: 5);

        Assert.Equal([1, 2, 3, 4, 5], reports.Select(r => r.Round));
        Assert.True(reports[^1].Loss < reports[0].Loss, $"loss went from {reports[0].Loss} to {reports[^1].Loss}");
        Assert.True(reports[^1].TestAccuracy >= 0.9f, $"test accuracy {reports[^1].TestAccuracy}");
        Assert.Equal(reports[^1].TestAccuracy, model.Accuracy(test));
    }

    [Fact]
    public void More_workers_than_task_slots_is_refused_before_anything_runs()
    {
        using var context = TinyNet.Local(slots: 2);
        var error = Assert.Throws<InvalidOperationException>(() => new DistributedTrainer(context, TinyNet.Solver())
            .WithWorkers(3).WithMode(TrainingMode.AllReduce(5)).Fit(context.Parallelize(TinyNet.Samples(30), 3), null, 1));
        Assert.Contains("3 workers need 3 tasks running at once", error.Message);
        Assert.Contains("2 task slots", error.Message);
    }

    [Fact]
    public void Modes_are_named_as_the_apps_take_them()
    {
        Assert.IsType<ModelAveragingMode>(TrainingMode.FromName("averaging", 10));
        Assert.False(Assert.IsType<ParameterServerMode>(TrainingMode.FromName("ps", 10)).Asynchronous);
        Assert.True(Assert.IsType<ParameterServerMode>(TrainingMode.FromName("ps-async", 10)).Asynchronous);
        Assert.Equal(7, Assert.IsType<AllReduceMode>(TrainingMode.FromName("allreduce", 7)).StepsPerRound);
        Assert.Contains("averaging, ps, ps-async and allreduce", Assert.Throws<ArgumentException>(() => TrainingMode.FromName("ring", 1)).Message);
    }

    internal static void AssertSameWeights(WeightCollection expected, WeightCollection actual, float tolerance = 1e-5f)
    {
        foreach (string layer in expected.LayerNames)
            for (int b = 0; b < expected[layer].Count; b++)
                for (int i = 0; i < expected[layer][b].Length; i++)
                    Assert.Equal(expected[layer][b][i], actual[layer][b][i], tolerance);
    }
}
