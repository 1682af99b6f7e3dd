using System.Diagnostics;
using System.Globalization;

namespace ActorNet.Training;

/// <summary>
/// What a training app writes to its output folder, SparkNet's way: the training log
/// <c>training_log_&lt;ms&gt;.txt</c>, one line per event as <c>&lt;seconds&gt;, i = &lt;round&gt;: &lt;message&gt;</c>
/// with seconds counted from the start (each line echoed to the console), and <c>metrics.csv</c> with the
/// header <c>round,seconds,loss,test_accuracy</c> and a row whenever the test set was evaluated and after
/// the last round.
/// </summary>
public sealed class TrainingRecord : IDisposable
{
    /// <summary>The header line of metrics.csv.</summary>
    public const string MetricsHeader = "round,seconds,loss,test_accuracy";

    private readonly StreamWriter _log;
    private readonly StreamWriter _metrics;
    private readonly TextWriter _echo;
    private readonly Stopwatch _clock = Stopwatch.StartNew();

    /// <summary>Creates <paramref name="folder"/> if needed and starts the log and metrics.csv there; log lines are echoed to <paramref name="echo"/>.</summary>
    public TrainingRecord(string folder, TextWriter echo)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(folder);
        ArgumentNullException.ThrowIfNull(echo);
        Directory.CreateDirectory(folder);
        LogPath = Path.Combine(folder, $"training_log_{DateTimeOffset.UtcNow.ToUnixTimeMilliseconds()}.txt");
        MetricsPath = Path.Combine(folder, "metrics.csv");
        _log = new StreamWriter(LogPath) { AutoFlush = true };
        _metrics = new StreamWriter(MetricsPath) { AutoFlush = true };
        _metrics.WriteLine(MetricsHeader);
        _echo = echo;
    }

    /// <summary>The training log's path.</summary>
    public string LogPath { get; }

    /// <summary>metrics.csv's path.</summary>
    public string MetricsPath { get; }

    /// <summary>Seconds since the record was started.</summary>
    public double Seconds => _clock.Elapsed.TotalSeconds;

    /// <summary>The latest test accuracy a round reported, or null before the first test.</summary>
    public float? LastAccuracy { get; private set; }

    /// <summary>Writes <c>&lt;seconds&gt;, i = <paramref name="i"/>: <paramref name="message"/></c> to the log and the console.</summary>
    public void Log(string message, int i) => Log(message, i, consoleSuffix: "");

    private void Log(string message, int i, string consoleSuffix)
    {
        string line = string.Create(CultureInfo.InvariantCulture, $"{Seconds:0.###}, i = {i}: {message}");
        _log.WriteLine(line);
        _echo.WriteLine(line + consoleSuffix);
    }

    /// <summary>A progress bar of <paramref name="done"/> rounds out of <paramref name="total"/>, e.g. <c>[######······] 5/10</c>.</summary>
    internal static string ProgressBar(int done, int total, int width = 20)
    {
        int filled = total <= 0 ? width : (int)Math.Round((double)Math.Clamp(done, 0, total) / total * width);
        return string.Create(CultureInfo.InvariantCulture, $"[{new string('#', filled)}{new string('.', width - filled)}] {done}/{total}");
    }

    /// <summary>
    /// Logs every round <paramref name="trainer"/> completes (loss, and test accuracy when tested) and writes its
    /// metrics row when it was tested or is round <paramref name="lastRound"/>; the console line ends with a progress
    /// bar. Failed rounds the trainer recovers from are logged too.
    /// </summary>
    public void Follow(DistributedTrainer trainer, int lastRound)
    {
        ArgumentNullException.ThrowIfNull(trainer);
        int? workers = null;
        trainer.RoundCompleted += report =>
        {
            // Workers that joined or left take part from a repartition point on: say so once.
            string joined = workers is int before && before != report.Workers ? $", now {report.Workers} workers" : "";
            workers = report.Workers;
            string tested = report.TestAccuracy is float a ? string.Create(CultureInfo.InvariantCulture, $", test accuracy = {a:0.####}") : "";
            Log(string.Create(CultureInfo.InvariantCulture, $"round {report.Round}: loss = {report.Loss:0.####}{tested}{joined}"), report.Round,
                "  " + ProgressBar(report.Round, lastRound));
            if (report.TestAccuracy is not null || report.Round == lastRound)
                Metrics(report.Round, report.Seconds, report.Loss, report.TestAccuracy);
        };
        trainer.Recovering += recovery => Log(
            $"round {recovery.FailedRound} failed ({recovery.Reason}); training goes on from round {recovery.RestartRound} with the last weights read",
            recovery.FailedRound);
    }

    /// <summary>Writes a metrics.csv row (an empty accuracy when the test set was not evaluated) and remembers the accuracy.</summary>
    public void Metrics(int round, double seconds, float loss, float? testAccuracy)
    {
        LastAccuracy = testAccuracy ?? LastAccuracy;
        _metrics.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"{round},{seconds:0.###},{loss:R},{testAccuracy?.ToString("R", CultureInfo.InvariantCulture) ?? ""}"));
    }

    /// <summary>Closes the log and metrics.csv.</summary>
    public void Dispose()
    {
        _log.Dispose();
        _metrics.Dispose();
    }
}
