using ActorNet.Configuration;

namespace ActorNet.Actors.Tests.Configuration;

public sealed class HoconIncludeTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("actornet-hocon-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private string Write(string relative, string text)
    {
        var path = Path.Combine(_dir, relative);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllText(path, text);
        return path;
    }

    [Fact]
    public void IncludeIsRelativeToTheIncludingFileAndMergesAtItsPlace()
    {
        Write("conf/common.conf", "x = 1\nnested { y = 2 }");
        Write("conf/sub/deep.conf", "z = 3");
        var main = Write("conf/main.conf", """
            include "common.conf"
            section {
              include file("sub/deep.conf")
            }
            nested { w = 4 }
            """);
        var keys = Hocon.Load(main);
        Assert.Equal("1", keys["x"]);
        Assert.Equal("2", keys["nested:y"]);
        Assert.Equal("4", keys["nested:w"]);
        Assert.Equal("3", keys["section:z"]);
    }

    [Fact]
    public void LaterKeysOverrideIncludedOnes()
    {
        Write("base.conf", "a = 1\nb = 1");
        var main = Write("main.conf", "include \"base.conf\"\nb = 2");
        var keys = Hocon.Load(main);
        Assert.Equal(("1", "2"), (keys["a"], keys["b"]));
    }

    [Fact]
    public void MissingOptionalIncludeIsIgnored()
    {
        var main = Write("main.conf", "include \"nowhere.conf\"\na = 1");
        Assert.Equal("1", Hocon.Load(main)["a"]);
    }

    [Fact]
    public void MissingRequiredIncludeIsAnErrorWithPosition()
    {
        var main = Write("main.conf", "a = 1\ninclude required(\"nowhere.conf\")");
        var e = Assert.Throws<HoconException>(() => Hocon.Load(main));
        Assert.Equal((2, 1), (e.Line, e.Column));
        Assert.Contains("required include \"nowhere.conf\" not found", e.Message);
        Assert.Contains(Path.Combine(_dir, "nowhere.conf"), e.Message);
    }

    [Fact]
    public void RequiredFileIncludeLoads()
    {
        Write("x.conf", "x = 9");
        var main = Write("main.conf", "include required(file(\"x.conf\"))");
        Assert.Equal("9", Hocon.Load(main)["x"]);
    }

    [Fact]
    public void SubstitutionsSeeIncludedValues()
    {
        Write("defaults.conf", "port = 2552");
        var main = Write("main.conf", "include \"defaults.conf\"\naddress = \"127.0.0.1:\"${port}");
        Assert.Equal("127.0.0.1:2552", Hocon.Load(main)["address"]);
    }

    [Fact]
    public void ErrorsInIncludedFilesNameThatFile()
    {
        var bad = Write("bad.conf", "a = [1,");
        var main = Write("main.conf", "include \"bad.conf\"");
        var e = Assert.Throws<HoconException>(() => Hocon.Load(main));
        Assert.Equal(bad, e.Source);
    }

    [Fact]
    public void SelfIncludeIsStoppedWithAnError()
    {
        var main = Write("loop.conf", "include \"loop.conf\"");
        var e = Assert.Throws<HoconException>(() => Hocon.Load(main));
        Assert.Contains("nested deeper", e.Message);
    }
}
