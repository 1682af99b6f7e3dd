using System.Diagnostics;
using System.Formats.Tar;
using System.Globalization;
using ActorNet.Gpu;

// bench/imagedata.sh: writes <count> ImageNet-sized JPEGs (500x375, quality 90, noisy so they decode like
// photos) to <folder> with a tar shard and label list of them, then times, single-threaded by process CPU
// time, the stages of ImageNetApp's input: decode, decode + resize to 256x256 channel-major, and the whole
// shard reader (tar + labels + decode + resize). Prints "<metric> <images per second>".
string folder = args.Length > 0 ? args[0] : Path.Combine(Path.GetTempPath(), "actornet-imagedata-bench");
int count = args.Length > 1 ? int.Parse(args[1], CultureInfo.InvariantCulture) : 200;
const int width = 500, height = 375, size = 256;
Directory.CreateDirectory(folder);
using var codec = JpegCodec.Create();
var random = new Random(1);
var jpegs = new List<byte[]>();
for (int i = 0; i < count; i++)
{
    var pixels = new byte[width * height * 3];
    for (int y = 0; y < height; y++)
        for (int x = 0; x < width; x++)
            for (int c = 0; c < 3; c++)
                pixels[(y * width + x) * 3 + c] = (byte)Math.Clamp((x * (c + 1) + y * (3 - c) + i * 17) % 256 + random.Next(-20, 21), 0, 255);
    jpegs.Add(codec.Encode(pixels, width, height, 90));
}
string jpegFolder = Directory.CreateDirectory(Path.Combine(folder, "jpeg")).FullName;
for (int i = 0; i < count; i++) File.WriteAllBytes(Path.Combine(jpegFolder, $"img_{i:D5}.JPEG"), jpegs[i]);
string tar = Path.Combine(folder, "shard.tar");
TarFile.CreateFromDirectory(jpegFolder, tar, includeBaseDirectory: false);
string labels = Path.Combine(folder, "train.txt");
File.WriteAllLines(labels, Enumerable.Range(0, count).Select(i => $"img_{i:D5}.JPEG {i % 1000}"));
Console.WriteLine($"# {count} JPEGs of {width}x{height}, {jpegs.Sum(j => (long)j.Length) / count / 1024} KiB each on average, in {folder}");

Measure("decode", () =>
{
    foreach (var jpeg in jpegs)
        if (!codec.TryDecode(jpeg, out _, out string error)) throw new InvalidOperationException(error);
});
Measure("decode+resize256", () =>
{
    foreach (var jpeg in jpegs)
    {
        if (!codec.TryDecode(jpeg, out DecodedImage image, out string error)) throw new InvalidOperationException(error);
        ImageResize.ToPlanar(image, size, size);
    }
});
Measure("shard(tar+decode+resize256)", () =>
{
    int n = ImageNetShard.Read(tar, ImageNetLabels.Read(labels), size, _ => { }).Count();
    if (n != count) throw new InvalidOperationException($"the shard gave {n} images, not {count}");
});

void Measure(string name, Action pass)
{
    pass(); // warm-up: JIT and page cache
    var best = double.MaxValue;
    for (int repeat = 0; repeat < 3; repeat++)
    {
        TimeSpan start = Process.GetCurrentProcess().TotalProcessorTime;
        pass();
        best = Math.Min(best, (Process.GetCurrentProcess().TotalProcessorTime - start).TotalSeconds);
    }
    Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{name} {count / best:0.0}"));
}
