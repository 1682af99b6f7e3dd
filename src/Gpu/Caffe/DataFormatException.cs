namespace ActorNet.Gpu;

/// <summary>
/// A binary file (a .caffemodel, .binaryproto mean file, CIFAR-10 batch or IDX file) is truncated
/// or malformed. The message names the file and, where known, the byte offset of the problem.
/// </summary>
public sealed class DataFormatException : FormatException
{
    /// <summary>Creates the exception; <paramref name="offset"/> is the byte offset in the file, or -1 when unknown.</summary>
    public DataFormatException(string filePath, long offset, string problem, Exception? inner = null)
        : base(offset >= 0 ? $"{filePath}: at byte offset {offset}: {problem}" : $"{filePath}: {problem}", inner)
    {
        FilePath = filePath;
        Offset = offset;
        Problem = problem;
    }

    /// <summary>The file that could not be read.</summary>
    public string FilePath { get; }

    /// <summary>Byte offset of the problem in the file, or -1 when unknown.</summary>
    public long Offset { get; }

    /// <summary>What is wrong, without the file and offset.</summary>
    public string Problem { get; }

    /// <summary>
    /// Reads a whole data file, turning an I/O failure into a <see cref="DataFormatException"/> that names the file (one
    /// way in for every binary reader: IDX, CIFAR, caffemodel, checkpoint weights).
    /// </summary>
    internal static byte[] ReadAllBytes(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        try
        {
            return File.ReadAllBytes(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new DataFormatException(path, -1, $"cannot read the file: {e.Message}", e);
        }
    }
}
