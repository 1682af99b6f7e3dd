namespace ActorNet.Configuration;

/// <summary>
/// A HOCON document could not be read: a syntax error, a substitution that cannot be resolved, a
/// substitution cycle or a missing required include. The message starts with <c>file:line:column</c>.
/// </summary>
public sealed class HoconException : FormatException
{
    /// <summary>Creates the exception for a problem found at a position of a source.</summary>
    /// <param name="source">The file path, or a name such as <c>string</c> for in-memory text.</param>
    /// <param name="line">1-based line of the problem.</param>
    /// <param name="column">1-based column of the problem.</param>
    /// <param name="problem">What was wrong or what was expected there.</param>
    public HoconException(string source, int line, int column, string problem)
        : base($"{source}:{line}:{column}: {problem}")
    {
        Source = source;
        Line = line;
        Column = column;
        Problem = problem;
    }

    /// <summary>The file path, or the name given to in-memory text.</summary>
    public new string Source { get; }

    /// <summary>1-based line of the problem.</summary>
    public int Line { get; }

    /// <summary>1-based column of the problem.</summary>
    public int Column { get; }

    /// <summary>The problem without its position.</summary>
    public string Problem { get; }
}
