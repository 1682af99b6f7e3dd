using System.CommandLine;

namespace ActorNet.Node.Tests;

/// <summary><c>actornet history</c>'s command line (the server itself is tested in ActorNet.Rdd.Tests).</summary>
public sealed class HistoryCommandTests
{
    private static (int Code, string Output, string Error) Run(params string[] args)
    {
        var output = new StringWriter();
        var error = new StringWriter();
        var code = ActorNetCli.Build().Parse(args).Invoke(new InvocationConfiguration { Output = output, Error = error });
        return (code, output.ToString(), error.ToString());
    }

    [Fact]
    public void A_missing_folder_or_a_bad_port_is_named()
    {
        var missing = Path.Combine(Path.GetTempPath(), $"no-event-logs-{Guid.NewGuid():N}");
        var (code, _, error) = Run("history", "--dir", missing, "--port", "0");
        Assert.Equal(1, code);
        Assert.Contains($"actornet: event log folder {missing} does not exist", error);

        (code, _, error) = Run("history", "--dir", Path.GetTempPath(), "--port", "70000");
        Assert.Equal(1, code);
        Assert.Contains("--port must be a TCP port", error);
    }
}
