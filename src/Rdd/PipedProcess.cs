using System.Diagnostics;
using System.Runtime.ExceptionServices;
using System.Text;

namespace ActorNet.Rdd;

/// <summary>
/// One partition through an external command (Spark's <c>PipedRDD</c>): the command runs under <c>/bin/sh -c</c>,
/// a thread writes the partition's elements to its standard input one per line (by ToString, "null" for null),
/// and its standard output's lines are the result. Standard error is kept (its last 64 KiB) for the failure message.
/// </summary>
internal static class PipedProcess
{
    private const int StderrTailChars = 64 * 1024;
    private static readonly UTF8Encoding Utf8 = new(encoderShouldEmitUTF8Identifier: false);

    public static IEnumerable<string> Run<T>(string command, IEnumerable<T> items)
    {
        var start = new ProcessStartInfo("/bin/sh")
        {
            UseShellExecute = false,
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            StandardInputEncoding = Utf8,
            StandardOutputEncoding = Utf8,
            StandardErrorEncoding = Utf8,
        };
        start.ArgumentList.Add("-c");
        start.ArgumentList.Add(command);
        using var process = Process.Start(start) ?? throw new InvalidOperationException($"Could not start /bin/sh -c {command}");

        var stderr = new StringBuilder();
        process.ErrorDataReceived += (_, e) =>
        {
            if (e.Data is null) return;
            lock (stderr)
            {
                stderr.Append(e.Data).Append('\n');
                if (stderr.Length > StderrTailChars) stderr.Remove(0, stderr.Length - StderrTailChars);
            }
        };
        process.BeginErrorReadLine();

        // The thread flows the task's context (an AsyncLocal), so upstream operators still see their task:
        // accumulators, cancellation.
        ExceptionDispatchInfo? upstreamFailure = null;
        var writer = new Thread(() => upstreamFailure = WriteAll(process.StandardInput, items))
        {
            IsBackground = true,
            Name = "pipe stdin writer",
        };
        writer.Start();

        // A killed task must not wait on a command that never ends its output.
        using var onKill = TaskContext.Get()?.CancellationToken.Register(() => KillQuietly(process));
        var finished = false;
        try
        {
            while (process.StandardOutput.ReadLine() is { } line) yield return line;
            process.WaitForExit();
            writer.Join();
            upstreamFailure?.Throw();
            if (process.ExitCode != 0)
            {
                string tail;
                lock (stderr) tail = stderr.ToString().TrimEnd('\n');
                throw new InvalidOperationException(
                    $"Subprocess exited with status {process.ExitCode}. Command ran: {command}. Standard error: {(tail.Length == 0 ? "(empty)" : tail)}");
            }
            finished = true;
        }
        finally
        {
            // The consumer stopped early (Take, a failure downstream): the command and its input are no longer needed.
            if (!finished) KillQuietly(process);
            writer.Join();
        }
    }

    // Returns the failure of the upstream elements (thrown by the reader once the command ends). A command that exits
    // without reading all its input (head -n 1) closes the pipe; the rest of the input is dropped and its exit
    // status decides.
    private static ExceptionDispatchInfo? WriteAll<T>(StreamWriter stdin, IEnumerable<T> items)
    {
        try
        {
            foreach (var item in items)
            {
                var text = item?.ToString() ?? "null";
                try
                {
                    stdin.Write(text);
                    stdin.Write('\n');
                }
                catch (IOException)
                {
                    return null;
                }
            }
            return null;
        }
        catch (Exception e)
        {
            return ExceptionDispatchInfo.Capture(e);
        }
        finally
        {
            try
            {
                stdin.Close();
            }
            catch (IOException)
            {
                // The command closed its input first: nothing left to deliver.
            }
        }
    }

    private static void KillQuietly(Process process)
    {
        try
        {
            if (!process.HasExited) process.Kill(entireProcessTree: true);
        }
        catch (InvalidOperationException)
        {
            // Exited between the check and the kill.
        }
    }
}
