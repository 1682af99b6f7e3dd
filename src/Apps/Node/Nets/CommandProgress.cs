using Spectre.Console;

namespace ActorNet.Node.Nets;

/// <summary>
/// Lines and progress bars for the net commands. On a terminal the work runs inside a Spectre.Console
/// progress display and lines are printed above the bars; anywhere else (a pipe, a log file, a test's
/// writer) only the lines are written, plainly, so logs stay readable.
/// </summary>
internal sealed class CommandProgress
{
    private readonly TextWriter _output;
    // The live progress display, or null when the output is not a terminal.
    private readonly ProgressContext? _context;

    private CommandProgress(TextWriter output, ProgressContext? context)
    {
        _output = output;
        _context = context;
    }

    /// <summary>Runs <paramref name="work"/> with progress bars when <paramref name="output"/> is the console of a terminal.</summary>
    public static int Run(TextWriter output, Func<CommandProgress, int> work)
    {
        bool terminal = ReferenceEquals(output, Console.Out) && !Console.IsOutputRedirected && AnsiConsole.Profile.Capabilities.Interactive;
        if (!terminal) return work(new CommandProgress(output, null));
        return AnsiConsole.Progress()
            .AutoClear(true)
            .HideCompleted(true)
            .Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(), new RemainingTimeColumn(), new SpinnerColumn())
            .Start(context => work(new CommandProgress(output, context)));
    }

    /// <summary>Writes one line of output.</summary>
    public void Line(string text)
    {
        if (_context is null) _output.WriteLine(text);
        else AnsiConsole.WriteLine(text);
    }

    /// <summary>Starts a bar of <paramref name="total"/> steps; the returned action sets how many are done.</summary>
    public Action<double> Bar(string description, double total)
    {
        if (_context is null) return _ => { };
        ProgressTask task = _context.AddTask(Markup.Escape(description), maxValue: Math.Max(total, 1));
        return done =>
        {
            task.Value = done;
            if (done >= total) task.StopTask();
        };
    }
}
