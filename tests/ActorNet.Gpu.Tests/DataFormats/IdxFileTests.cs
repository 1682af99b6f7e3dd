using System.IO.Compression;

namespace ActorNet.Gpu.Tests.DataFormats;

public sealed class IdxFileTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("actornet-idx").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private string PathOf(string name) => Path.Combine(_dir, name);

    private static byte[] Pixels(int n) => [.. Enumerable.Range(0, n).Select(i => (byte)(i * 13))];

    [Theory]
    [InlineData("images.idx")]
    [InlineData("images.idx.gz")]
    public void Raw_and_gzip_files_round_trip(string name)
    {
        string path = PathOf(name);
        IdxFile.Write(path, [3, 4, 5], Pixels(60));
        var (dims, data) = IdxFile.Read(path);
        Assert.Equal([3, 4, 5], dims);
        Assert.Equal(Pixels(60), data);
    }

    [Fact]
    public void Header_bytes_are_big_endian_as_in_MNIST()
    {
        string path = PathOf("labels");
        IdxFile.Write(path, [258], Pixels(258));
        byte[] bytes = File.ReadAllBytes(path);
        Assert.Equal([0, 0, 8, 1, 0, 0, 1, 2], bytes[..8]);
    }

    [Fact]
    public void Images_and_labels_pair_into_labeled_images_and_the_folder_layout_is_found()
    {
        IdxFile.Write(PathOf("train-images-idx3-ubyte.gz"), [4, 2, 3], Pixels(24));
        IdxFile.Write(PathOf("train-labels-idx1-ubyte"), [4], [0, 9, 3, 3]);
        LabeledImages set = IdxFile.ReadMnistFolder(_dir, train: true);
        Assert.Equal(4, set.Count);
        Assert.Equal((1, 2, 3), (set.Channels, set.Height, set.Width));
        Assert.Equal([0, 9, 3, 3], set.Labels);
        Assert.Equal(Pixels(24)[6..12], set.Image(1).ToArray());
        Assert.Throws<FileNotFoundException>(() => IdxFile.ReadMnistFolder(_dir, train: false));
    }

    [Fact]
    public void Truncated_raw_file_names_file_and_offset()
    {
        string whole = PathOf("whole");
        IdxFile.Write(whole, [10, 28, 28], Pixels(7840));
        string cut = PathOf("cut");
        File.WriteAllBytes(cut, File.ReadAllBytes(whole)[..5000]);
        var e = Assert.Throws<DataFormatException>(() => IdxFile.Read(cut));
        Assert.Equal(5000, e.Offset);
        Assert.StartsWith($"{cut}: at byte offset 5000: the file ends after 4984 of 7840 data bytes", e.Message);

        File.WriteAllBytes(cut, File.ReadAllBytes(whole)[..10]);
        Assert.Contains("inside the dimensions", Assert.Throws<DataFormatException>(() => IdxFile.Read(cut)).Message);
    }

    [Fact]
    public void Truncated_gzip_file_is_an_error_naming_the_file()
    {
        string whole = PathOf("whole.gz");
        IdxFile.Write(whole, [10, 28, 28], [.. Enumerable.Range(0, 7840).Select(i => (byte)Random.Shared.Next(256))]);
        string cut = PathOf("cut.gz");
        byte[] bytes = File.ReadAllBytes(whole);
        File.WriteAllBytes(cut, bytes[..(bytes.Length / 2)]);
        var e = Assert.Throws<DataFormatException>(() => IdxFile.Read(cut));
        Assert.Equal(cut, e.FilePath);
        Assert.True(e.Offset >= 0, e.Message);
    }

    [Fact]
    public void Bad_magic_type_extra_bytes_and_mismatched_counts_are_errors()
    {
        string path = PathOf("bad");
        File.WriteAllBytes(path, [1, 0, 8, 1, 0, 0, 0, 1, 5]);
        Assert.Contains("magic", Assert.Throws<DataFormatException>(() => IdxFile.Read(path)).Message);

        File.WriteAllBytes(path, [0, 0, 0x0d, 1, 0, 0, 0, 1, 0, 0, 0, 0]);
        var type = Assert.Throws<DataFormatException>(() => IdxFile.Read(path));
        Assert.Equal(2, type.Offset);
        Assert.Contains("0x0d", type.Message);

        File.WriteAllBytes(path, [0, 0, 8, 1, 0, 0, 0, 1, 5, 6]);
        var extra = Assert.Throws<DataFormatException>(() => IdxFile.Read(path));
        Assert.Equal(9, extra.Offset);

        IdxFile.Write(PathOf("img"), [3, 2, 2], Pixels(12));
        IdxFile.Write(PathOf("lab"), [2], [1, 2]);
        Assert.Contains("2 labels for 3 images", Assert.Throws<DataFormatException>(() => IdxFile.ReadImagesAndLabels(PathOf("img"), PathOf("lab"))).Message);
        IdxFile.Write(PathOf("lab"), [3], [1, 2, 10]);
        var label = Assert.Throws<DataFormatException>(() => IdxFile.ReadImagesAndLabels(PathOf("img"), PathOf("lab")));
        Assert.Equal(10, label.Offset);
    }
}
