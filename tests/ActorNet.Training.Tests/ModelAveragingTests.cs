using ActorNet.Gpu;
using ActorNet.Rdd;

namespace ActorNet.Training.Tests;

public sealed class ModelAveragingTests
{
    [Fact]
    public void Averaging_workers_that_see_identical_data_is_single_worker_sgd()
    {
        // Each of the two partitions holds the same 8 samples, exactly one training batch, so both workers
        // compute the same gradient from the same weights every step: their average is one worker's step.
        var batch = TinyNet.Samples(8);
        using var context = TinyNet.Local();
        var train = context.Parallelize(batch.Concat(batch), numSlices: 2);
        const int rounds = 4;
        // Unscaled: two workers on the same batch are one worker, whose rate is the solver's.
        var model = new DistributedTrainer(context, TinyNet.Solver(momentum: 0f))
            .WithWorkers(2).WithMode(TrainingMode.ModelAveraging(syncInterval: 1)).WithSeed(3).WithLearningRateScaling(false)
            .Fit(train, null, rounds);

        var reference = TinyNet.SingleProcessSgd(batch, rounds, seed: 3, momentum: 0f);
        foreach (string layer in reference.LayerNames)
        {
            for (int b = 0; b < reference[layer].Count; b++)
            {
                var expected = reference[layer][b];
                var actual = model.Weights[layer][b];
                for (int i = 0; i < expected.Length; i++) Assert.Equal(expected[i], actual[i], 1e-5f);
            }
        }
    }

    [Fact]
    public void Averaging_learns_a_separable_problem_and_reports_every_round()
    {
        using var context = TinyNet.Local();
        var train = context.Parallelize(TinyNet.Samples(240), numSlices: 3);
        var test = context.Parallelize(TinyNet.Samples(60, seed: 99), numSlices: 2);
        var reports = new List<RoundReport>();
        var trainer = new DistributedTrainer(context, TinyNet.Solver())
            .WithWorkers(2).WithMode(TrainingMode.ModelAveraging(syncInterval: 10)).WithTestEvery(3);
        trainer.RoundCompleted += reports.Add;
        var model = trainer.Fit(train, test, rounds: 6);

        Assert.Equal([1, 2, 3, 4, 5, 6], reports.Select(r => r.Round));
        Assert.Equal([3, 6], reports.Where(r => r.TestAccuracy is not null).Select(r => r.Round));
        Assert.True(reports[^1].Loss < reports[0].Loss, $"loss went from {reports[0].Loss} to {reports[^1].Loss}");
        Assert.True(reports[^1].TestAccuracy >= 0.9f, $"test accuracy {reports[^1].TestAccuracy}");
        Assert.Equal(reports[^1].TestAccuracy, model.Accuracy(test));
    }

    [Fact]
    public void Predictions_are_probabilities_in_sample_order_and_features_have_the_blob_width()
    {
        using var context = TinyNet.Local();
        var samples = TinyNet.Samples(90);
        var model = new DistributedTrainer(context, TinyNet.Solver())
            .WithWorkers(2).WithMode(TrainingMode.ModelAveraging(syncInterval: 20))
            .Fit(context.Parallelize(samples, 2), null, rounds: 5);

        // 13 samples over 3 partitions: the test batch is 5, so every partition ends with a padded batch.
        var data = context.Parallelize(samples.Take(13).Select(s => s.Data), 3);
        var probabilities = model.Predict(data).Collect();
        Assert.Equal(13, probabilities.Length);
        Assert.All(probabilities, p => Assert.Equal(1f, p.Sum(), 1e-4f));
        int right = probabilities.Select((p, i) => Array.IndexOf(p, p.Max()) == samples[i].Label ? 1 : 0).Sum();
        Assert.True(right >= 11, $"{right} of 13 predicted right");
        Assert.All(model.Featurize(data, "hidden").Collect(), f => Assert.Equal(6, f.Length));
        // A misspelt blob fails on the driver, naming the blobs there are, before any task runs.
        var error = Assert.Throws<ArgumentException>(() => model.Featurize(data, "no-such-blob"));
        Assert.Contains("no blob 'no-such-blob'", error.Message);
        Assert.Contains("hidden", error.Message);
    }

    [Fact]
    public void A_saved_model_loads_back_with_the_same_weights_and_predictions()
    {
        using var context = TinyNet.Local();
        var samples = TinyNet.Samples(60);
        var model = new DistributedTrainer(context, TinyNet.Solver())
            .WithMode(TrainingMode.ModelAveraging(syncInterval: 5))
            .Fit(context.Parallelize(samples, 2), null, rounds: 2);
        string folder = Directory.CreateTempSubdirectory("actornet-model-").FullName;
        try
        {
            string path = Path.Combine(folder, "model.caffemodel");
            model.Save(path);
            Assert.True(File.Exists(Path.ChangeExtension(path, ".prototxt")));
            var loaded = TrainedModel.Load(path);
            var data = context.Parallelize(samples.Select(s => s.Data), 2);
            Assert.Equal(model.Predict(data).Collect(), loaded.Predict(data).Collect());
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    [Fact]
    public void Resuming_from_a_checkpoint_continues_from_the_next_round_with_its_weights()
    {
        using var context = TinyNet.Local();
        var train = context.Parallelize(TinyNet.Samples(60), 2);
        string folder = Directory.CreateTempSubdirectory("actornet-checkpoint-").FullName;
        try
        {
            var first = new DistributedTrainer(context, TinyNet.Solver()).WithCheckpoint(folder, everyRounds: 2)
                .Fit(train, null, rounds: 3);
            Assert.True(File.Exists(Path.Combine(folder, "round-2.weights")));
            Assert.True(File.Exists(Path.Combine(folder, "round-3.weights")));

            var rounds = new List<int>();
            var resumed = new DistributedTrainer(context, TinyNet.Solver()).WithResume(folder);
            resumed.RoundCompleted += r => rounds.Add(r.Round);
            resumed.Fit(train, null, rounds: 5);
            Assert.Equal([4, 5], rounds);

            // Resuming a finished run changes nothing: the weights are the checkpoint's.
            var again = new DistributedTrainer(context, TinyNet.Solver()).WithResume(folder).Fit(train, null, rounds: 3);
            Assert.Equal(first.Weights.ToBytes(), again.Weights.ToBytes());
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    [Fact]
    public void Misconfigured_runs_say_what_is_wrong()
    {
        using var context = TinyNet.Local();
        var solver = TinyNet.Solver();
        solver.NetParam = ProtoLoader.ParseNetPrototxt(string.Join('\n', TinyNet.Net.Split('\n').Where(line => !line.Contains("Accuracy"))));
        var train = context.Parallelize(TinyNet.Samples(30), 2);
        var error = Assert.Throws<ArgumentException>(() => new DistributedTrainer(context, solver).Fit(train, null, 1));
        Assert.Contains("Accuracy", error.Message);

        var wrongWidth = context.Parallelize(new[] { (new float[5], 0), (new float[5], 1) }, 1);
        var job = Assert.Throws<RddJobException>(() => new DistributedTrainer(context, TinyNet.Solver()).Fit(wrongWidth, null, 1));
        Assert.Contains("takes 16 per sample", job.Message);
    }
}
