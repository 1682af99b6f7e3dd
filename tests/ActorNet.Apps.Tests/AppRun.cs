using System.CommandLine;
using System.Globalization;

namespace ActorNet.Apps.Tests;

/// <summary>Runs an app's command line in process and checks the run folder it wrote.</summary>
internal static class AppRun
{
    public static (int Code, string Output, string Error) Invoke(RootCommand command, params string[] args)
    {
        var output = new StringWriter();
        var error = new StringWriter();
        int code = command.Parse(args).Invoke(new InvocationConfiguration { Output = output, Error = error });
        return (code, output.ToString(), error.ToString());
    }

    /// <summary>Checks the log's line format, metrics.csv's header and rows, and the model files; returns the log lines.</summary>
    public static string[] CheckOutputs(string folder, int rounds)
    {
        string[] log = File.ReadAllLines(Assert.Single(Directory.GetFiles(folder, "training_log_*.txt")));
        Assert.All(log, l => Assert.Matches(@"^\d+(\.\d+)?, i = \d+: ", l));
        for (int round = 1; round <= rounds; round++)
            Assert.Contains(log, l => l.Contains($", i = {round}: round {round}: loss = ", StringComparison.Ordinal));
        Assert.Contains(log, l => l.Contains("done: test accuracy", StringComparison.Ordinal));

        string[] metrics = File.ReadAllLines(Path.Combine(folder, "metrics.csv"));
        Assert.Equal("round,seconds,loss,test_accuracy", metrics[0]);
        string[] last = metrics[^1].Split(',');
        Assert.Equal(rounds.ToString(CultureInfo.InvariantCulture), last[0]);
        Assert.True(float.IsFinite(float.Parse(last[2], CultureInfo.InvariantCulture)));
        Assert.InRange(float.Parse(last[3], CultureInfo.InvariantCulture), 0f, 1f);

        foreach (string file in new[] { "model.caffemodel", "model.prototxt", "mean.binaryproto" })
            Assert.True(new FileInfo(Path.Combine(folder, file)) is { Exists: true, Length: > 0 }, $"{file} is missing");
        return log;
    }
}
