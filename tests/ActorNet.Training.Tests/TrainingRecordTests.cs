namespace ActorNet.Training.Tests;

public sealed class TrainingRecordTests
{
    [Fact]
    public void The_console_shows_a_progress_bar_that_the_log_file_does_not_have()
    {
        Assert.Equal("[##########..........] 5/10", TrainingRecord.ProgressBar(5, 10));
        Assert.Equal("[....................] 0/3", TrainingRecord.ProgressBar(0, 3));
        Assert.Equal("[####################] 4/4", TrainingRecord.ProgressBar(4, 4));

        string folder = Path.Combine(Path.GetTempPath(), $"record-{Guid.NewGuid():N}");
        var console = new StringWriter();
        using (var context = TinyNet.Local())
        using (var record = new TrainingRecord(folder, console))
        {
            var trainer = new DistributedTrainer(context, TinyNet.Solver()).WithWorkers(2).WithMode(TrainingMode.ModelAveraging(2));
            record.Follow(trainer, lastRound: 2);
            trainer.Fit(context.Parallelize(TinyNet.Samples(40), 2), null, rounds: 2);
        }
        try
        {
            Assert.Contains("round 2: loss = ", console.ToString());
            Assert.Contains("[####################] 2/2", console.ToString());
            string log = File.ReadAllText(Assert.Single(Directory.GetFiles(folder, "training_log_*.txt")));
            Assert.Contains("round 1: loss = ", log);
            Assert.DoesNotContain("[", log);
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }
}
