namespace ActorNet.Rdd.CommandLine;

// Inside the namespace, so that System.CommandLine's Option<T> wins over ActorNet.Rdd.Option<T>.
using System.CommandLine;

/// <summary>
/// Turns the errors a user can cause (a bad configuration file, a bad --set, a missing file) into one
/// line on standard error and exit code 1, instead of a stack trace.
/// </summary>
internal static class CommandErrors
{
    public static int Run(ParseResult result, Func<int> action)
    {
        try
        {
            return action();
        }
        catch (Exception e) when (e is FormatException or FileNotFoundException or DirectoryNotFoundException or ArgumentException or InvalidDataException)
        {
            result.InvocationConfiguration.Error.WriteLine($"actornet: {e.Message}");
            return 1;
        }
    }

    /// <summary>
    /// As <see cref="Run"/> for commands that start a node: refusing to bind (a taken port, a non-loopback
    /// address without a secret) is also the user's to fix.
    /// </summary>
    public static async Task<int> RunAsync(ParseResult result, Func<Task<int>> action)
    {
        try
        {
            return await action().ConfigureAwait(false);
        }
        catch (Exception e) when (e is FormatException or FileNotFoundException or DirectoryNotFoundException or ArgumentException
            or InvalidDataException or InvalidOperationException or System.Net.Sockets.SocketException or TimeoutException)
        {
            result.InvocationConfiguration.Error.WriteLine($"actornet: {e.Message}");
            return 1;
        }
    }
}
