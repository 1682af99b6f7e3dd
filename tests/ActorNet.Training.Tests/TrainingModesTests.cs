using ActorNet.Gpu;
using ActorNet.Rdd;

namespace ActorNet.Training.Tests;

public sealed class TrainingModesTests
{
    [Theory]
    [InlineData("ps", true)]
    [InlineData("allreduce", true)]
    [InlineData("ps", false)]
    [InlineData("allreduce", false)]
    public void A_synchronous_mode_is_single_process_sgd_on_the_workers_combined_batch_at_the_scaled_rate(string mode, bool scaling)
    {
        // Each partition is exactly one batch of 8, so every step worker 0 sees the first 8 samples and worker 1 the
        // last 8. The mean of their gradients is the gradient of one batch of 16: the step single-process SGD takes, at
        // base_lr × 2 workers with linear scaling (the default) and at base_lr without.
        var samples = TinyNet.Samples(16);
        using var context = TinyNet.Local();
        const int rounds = 2, steps = 3;
        var trainer = new DistributedTrainer(context, TinyNet.Solver(momentum: 0.9f))
            .WithWorkers(2).WithMode(TrainingMode.FromName(mode, steps)).WithSeed(3);
        if (!scaling) trainer.WithLearningRateScaling(false);
        var model = trainer.Fit(context.Parallelize(samples, numSlices: 2), null, rounds);

        float baseLr = TinyNet.Solver().BaseLr;
        var reference = TinyNet.SingleProcessSgd(samples, rounds * steps, seed: 3, momentum: 0.9f, baseLr: scaling ? 2 * baseLr : baseLr);
        AssertSameWeights(reference, model.Weights);
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void Model_averaging_every_step_is_single_process_sgd_at_the_scaled_rate(bool scaling)
    {
        // With tau = 1 every worker starts each step from the same weights; the mean of their momentum updates follows
        // the momentum recursion of the mean gradient, so averaging is SGD on the combined batch of 16.
        var samples = TinyNet.Samples(16);
        using var context = TinyNet.Local();
        const int rounds = 4;
        var model = new DistributedTrainer(context, TinyNet.Solver(momentum: 0.9f))
            .WithWorkers(2).WithMode(TrainingMode.ModelAveraging(syncInterval: 1)).WithSeed(3).WithLearningRateScaling(scaling)
            .Fit(context.Parallelize(samples, numSlices: 2), null, rounds);

        float baseLr = TinyNet.Solver().BaseLr;
        var reference = TinyNet.SingleProcessSgd(samples, rounds, seed: 3, momentum: 0.9f, baseLr: scaling ? 2 * baseLr : baseLr);
        AssertSameWeights(reference, model.Weights);
    }

    [Fact]
    public void A_warm_up_starts_at_the_unscaled_rate_and_ramps_to_the_scaled_one()
    {
        // Rounds of one step with a warm-up of 2 iterations: iteration 0 at base_lr, 1 halfway, 2 on at 2 × base_lr.
        var samples = TinyNet.Samples(16);
        using var context = TinyNet.Local();
        float baseLr = TinyNet.Solver().BaseLr;
        var model = new DistributedTrainer(context, TinyNet.Solver(momentum: 0f))
            .WithWorkers(2).WithMode(TrainingMode.AllReduce(stepsPerRound: 1)).WithSeed(3).WithLearningRateWarmup(2)
            .Fit(context.Parallelize(samples, numSlices: 2), null, rounds: 1);
        AssertSameWeights(TinyNet.SingleProcessSgd(samples, 1, seed: 3, momentum: 0f, baseLr: baseLr), model.Weights);

        var plan = Internal.TrainingPlan.From(TinyNet.Solver(), null, 3).WithBaseLr(0.4f, warmupFrom: 0.1f, warmupIterations: 3);
        Assert.Equal([0.1f, 0.2f, 0.3f, 0.4f, 0.4f], Enumerable.Range(0, 5).Select(i => plan.BaseLrAt(i, 0.4f)), new ToleranceComparer(1e-6f));
    }

    private sealed class ToleranceComparer(float tolerance) : IEqualityComparer<float>
    {
        public bool Equals(float x, float y) => Math.Abs(x - y) <= tolerance;

        public int GetHashCode(float value) => 0;
    }

    [Fact]
    public void The_learning_rate_scales_with_the_workers_except_for_asynchronous_pushes_or_when_turned_off()
    {
        using var context = TinyNet.Local();
        float baseLr = TinyNet.Solver().BaseLr;
        DistributedTrainer Trainer(TrainingMode mode) => new DistributedTrainer(context, TinyNet.Solver()).WithMode(mode);

        Assert.Equal(4 * baseLr, Trainer(TrainingMode.ModelAveraging()).LearningRateFor(4));
        Assert.Equal(3 * baseLr, Trainer(TrainingMode.ParameterServer()).LearningRateFor(3));
        Assert.Equal(2 * baseLr, Trainer(TrainingMode.AllReduce()).LearningRateFor(2));
        Assert.Equal(baseLr, Trainer(TrainingMode.ParameterServer(asynchronous: true)).LearningRateFor(4));
        Assert.Equal(baseLr, Trainer(TrainingMode.ModelAveraging()).WithLearningRateScaling(false).LearningRateFor(4));
        Assert.Equal(baseLr, Trainer(TrainingMode.AllReduce()).LearningRateFor(1));
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

public sealed class ImageTrainingTests
{
    // 1×6×6 byte images whose bright corner is the class; the net sees random 4×4 crops of them.
    private static List<(byte[] Pixels, int Label)> Images(int count, int seed)
    {
        var random = new Random(seed);
        return Enumerable.Range(0, count).Select(n =>
        {
            int label = n % 3;
            var pixels = new byte[36];
            for (int i = 0; i < 36; i++) pixels[i] = (byte)random.Next(60);
            int row = label == 2 ? 2 : 1, column = label == 1 ? 3 : 1; // inside every 4×4 crop of the 6×6 image
            for (int r = row; r < row + 2; r++)
                for (int c = column; c < column + 2; c++)
                    pixels[r * 6 + c] = 250;
            return (pixels, label);
        }).ToList();
    }

    private static TransformationParameter Crop(bool mirror) => new() { CropSize = 4, Mirror = mirror, Scale = 1f / 255 };

    [Fact]
    public void Each_visit_of_an_image_draws_a_new_crop_from_a_seed_every_process_shares()
    {
        var plan = Internal.TrainingPlan.From(TinyNet.Solver(), (1, 4, 4), seed: 5);
        var images = Images(3, seed: 1);
        var transform = ImageTransform.From(Crop(mirror: true), 1, 6, 6);
        Internal.ITrainingSamples Samples() =>
            new Internal.TransformedImages(images, transform.Create(Phase.Train, Internal.WorkerReplica.SeedOf(plan, 1)), plan);
        var first = Samples();
        var visits = Enumerable.Range(0, 8).Select(_ =>
        {
            var sample = new float[16];
            Assert.Equal(0, first.Fill(0, sample));
            return string.Join(",", sample);
        }).ToList();
        Assert.True(visits.Distinct().Count() > 1, "eight visits of one image all had the same crop and mirror");
        // A replica rebuilt elsewhere (same plan and partition) draws the same sequence.
        var again = Samples();
        Assert.Equal(visits, Enumerable.Range(0, 8).Select(_ =>
        {
            var sample = new float[16];
            again.Fill(0, sample);
            return string.Join(",", sample);
        }));
    }

    [Fact]
    public void Training_on_bytes_with_a_transform_learns_and_tests_on_centre_crops()
    {
        using var context = TinyNet.Local();
        var transform = ImageTransform.From(Crop(mirror: false), 1, 6, 6);
        Assert.Equal((1, 4, 4), transform.OutputShape);
        var test = ImagePreprocessing.Transform(context.Parallelize(Images(60, seed: 9), 2), Crop(mirror: false), Phase.Test, 1, 6, 6, null, seed: 1);
        var reports = new List<RoundReport>();
        var trainer = new DistributedTrainer(context, TinyNet.Solver()).WithWorkers(2).WithMode(TrainingMode.ModelAveraging(10));
        trainer.RoundCompleted += reports.Add;
        trainer.Fit(context.Parallelize(Images(240, seed: 2), 2), transform, test, rounds: 6);
        Assert.True(reports[^1].TestAccuracy >= 0.9f, $"test accuracy {reports[^1].TestAccuracy}");
    }
}
