using System.Text;
using ActorNet.Rdd.Input;
using ActorNet.Rdd.Rdds;

namespace ActorNet.Rdd;

public sealed partial class ClusterContext
{
    // Spark's defaultMinPartitions for file inputs.
    private int DefaultMinPartitions => Math.Min(DefaultParallelism, 2);

    /// <summary>
    /// Distributes a local collection into <paramref name="numSlices"/> partitions: slice i holds elements
    /// [i·n/k, (i+1)·n/k). The collection is copied when this is called.
    /// </summary>
    public Rdd<T> Parallelize<T>(IEnumerable<T> data, int numSlices) => new ParallelCollectionRdd<T>(this, data, numSlices);

    /// <summary>Distributes a local collection into <see cref="DefaultParallelism"/> partitions.</summary>
    public Rdd<T> Parallelize<T>(IEnumerable<T> data) => Parallelize(data, DefaultParallelism);

    /// <summary>The numbers from <paramref name="start"/> (inclusive) to <paramref name="end"/> (exclusive) by <paramref name="step"/>.</summary>
    public Rdd<long> Range(long start, long end, long step = 1) => Range(start, end, step, DefaultParallelism);

    /// <summary>The numbers from <paramref name="start"/> to <paramref name="end"/> (exclusive) by <paramref name="step"/>, in <paramref name="numSlices"/> slices.</summary>
    public Rdd<long> Range(long start, long end, long step, int numSlices) => new RangeRdd(this, start, end, step, numSlices);

    /// <summary>An RDD with no partitions and no elements.</summary>
    public Rdd<T> EmptyRdd<T>() => new EmptyRdd<T>(this);

    /// <summary>The partitions of every given RDD, one after another.</summary>
    public Rdd<T> Union<T>(params Rdd<T>[] rdds) => new UnionRdd<T>(this, rdds);

    /// <summary>
    /// The lines of a text file, a folder of them, a comma-separated list or a file-name pattern, split
    /// into at least <paramref name="minPartitions"/> partitions by byte ranges (Hadoop's rules).
    /// </summary>
    public Rdd<string> TextFile(string path, int minPartitions) => new TextFileRdd(this, InputFiles.Splits(InputFiles.List(path), minPartitions));

    /// <summary>The lines of text files with at least min(DefaultParallelism, 2) partitions.</summary>
    public Rdd<string> TextFile(string path) => TextFile(path, DefaultMinPartitions);

    /// <summary>Each file as one (path, content) pair; files are grouped into about <paramref name="minPartitions"/> partitions.</summary>
    public Rdd<(string Path, string Content)> WholeTextFiles(string path, int minPartitions) =>
        new WholeFileRdd<string>(this, InputFiles.Groups(InputFiles.List(path), minPartitions), p => File.ReadAllText(p, Encoding.UTF8), "WholeTextFileRdd");

    /// <summary>Each file as one (path, content) pair, in about min(DefaultParallelism, 2) partitions.</summary>
    public Rdd<(string Path, string Content)> WholeTextFiles(string path) => WholeTextFiles(path, DefaultMinPartitions);

    /// <summary>Each file as one (path, bytes) pair (Spark returns a PortableDataStream; here the bytes are read in the task).</summary>
    public Rdd<(string Path, byte[] Content)> BinaryFiles(string path, int minPartitions) =>
        new WholeFileRdd<byte[]>(this, InputFiles.Groups(InputFiles.List(path), minPartitions), File.ReadAllBytes, "BinaryFileRdd");

    /// <summary>Each file as one (path, bytes) pair, in about min(DefaultParallelism, 2) partitions.</summary>
    public Rdd<(string Path, byte[] Content)> BinaryFiles(string path) => BinaryFiles(path, DefaultMinPartitions);

    /// <summary>
    /// The elements a SaveAsObjectFile wrote into <paramref name="path"/> (a folder of part files, a file, a
    /// comma-separated list or a pattern, as TextFile), one partition per file, in file-name order. Reading with
    /// another element type than was written fails, naming both.
    /// </summary>
    public Rdd<T> ObjectFile<T>(string path) => new ObjectFileRdd<T>(this, InputFiles.List(path));

    /// <summary>Fixed-length records of <paramref name="recordLength"/> bytes; every file's length must be a multiple of it.</summary>
    public Rdd<byte[]> BinaryRecords(string path, int recordLength)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(recordLength);
        var files = InputFiles.List(path);
        foreach (var file in files)
        {
            var length = new FileInfo(file).Length;
            if (length % recordLength != 0)
                throw new InvalidDataException($"{file}: length {length} is not a multiple of the record length {recordLength} (the last record would be cut at offset {length - length % recordLength}).");
        }
        return new BinaryRecordsRdd(this, InputFiles.Splits(files, DefaultMinPartitions, recordLength), recordLength);
    }
}
