using System.Diagnostics;
using System.Globalization;

namespace ActorNet.MnistApp;

/// <summary>
/// SparkNet's training log: <c>training_log_&lt;ms&gt;.txt</c>, one line per event as
/// <c>&lt;seconds&gt;, i = &lt;iteration or round&gt;: &lt;message&gt;</c>, seconds counted from the start;
/// every line is also echoed to the console.
/// </summary>
internal sealed class TrainingLog : IDisposable
{
    private readonly StreamWriter _file;
    private readonly TextWriter _echo;
    private readonly Stopwatch _clock = Stopwatch.StartNew();

    public TrainingLog(string folder, TextWriter echo)
    {
        Path = System.IO.Path.Combine(folder, $"training_log_{DateTimeOffset.UtcNow.ToUnixTimeMilliseconds()}.txt");
        _file = new StreamWriter(Path) { AutoFlush = true };
        _echo = echo;
    }

    public string Path { get; }

    public double Seconds => _clock.Elapsed.TotalSeconds;

    public void Log(string message, int i)
    {
        string line = string.Create(CultureInfo.InvariantCulture, $"{Seconds:0.###}, i = {i}: {message}");
        _file.WriteLine(line);
        _echo.WriteLine(line);
    }

    public void Dispose() => _file.Dispose();
}
