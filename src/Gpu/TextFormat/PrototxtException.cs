namespace ActorNet.Gpu;

/// <summary>
/// A prototxt (protobuf text format) file or a net definition could not be read. The message
/// starts with where the problem is: <c>file:line:column: </c> when a file and position are
/// known, then says what is wrong and which field or layer it concerns.
/// </summary>
public sealed class PrototxtException : FormatException
{
    /// <summary>Creates the exception; <paramref name="line"/> and <paramref name="column"/> are 1-based, 0 when unknown.</summary>
    public PrototxtException(string problem, int line = 0, int column = 0, string? filePath = null, Exception? inner = null)
        : base(Compose(problem, line, column, filePath), inner)
    {
        Problem = problem;
        Line = line;
        Column = column;
        FilePath = filePath;
    }

    /// <summary>What is wrong, without the location prefix.</summary>
    public string Problem { get; }

    /// <summary>1-based line of the offending text, or 0 when the problem has no position.</summary>
    public int Line { get; }

    /// <summary>1-based column of the offending text, or 0 when the problem has no position.</summary>
    public int Column { get; }

    /// <summary>The file that was being read, or null when the text did not come from a file.</summary>
    public string? FilePath { get; }

    /// <summary>The same problem, attributed to <paramref name="path"/>.</summary>
    public PrototxtException InFile(string path) => new(Problem, Line, Column, path, this);

    private static string Compose(string problem, int line, int column, string? filePath)
    {
        string where = line > 0 ? $"{line}:{column}" : "";
        if (filePath is not null) where = where.Length > 0 ? $"{filePath}:{where}" : filePath;
        return where.Length > 0 ? $"{where}: {problem}" : problem;
    }
}
