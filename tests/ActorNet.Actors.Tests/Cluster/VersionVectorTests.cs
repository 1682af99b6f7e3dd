using static ActorNet.Actors.Tests.ClusterModel.TestNodes;

namespace ActorNet.Actors.Tests.ClusterModel;

public class VersionVectorTests
{
    [Fact]
    public void Compare_tells_same_before_after_and_concurrent()
    {
        var a = VersionVector.Empty.Increment(Node(1));
        var ab = a.Increment(Node(2));
        var ac = a.Increment(Node(3));

        Assert.Equal(VersionOrdering.Same, VersionVector.Empty.Compare(VersionVector.Empty));
        Assert.Equal(VersionOrdering.Before, a.Compare(ab));
        Assert.Equal(VersionOrdering.After, ab.Compare(a));
        Assert.Equal(VersionOrdering.Concurrent, ab.Compare(ac));
        Assert.Equal(VersionOrdering.Same, ab.Compare(a.Increment(Node(2))));
    }

    [Fact]
    public void Merge_takes_the_pointwise_maximum_and_descends_from_both()
    {
        var left = VersionVector.Empty.Increment(Node(1)).Increment(Node(1)).Increment(Node(2));
        var right = VersionVector.Empty.Increment(Node(2)).Increment(Node(2)).Increment(Node(3));
        var merged = left.Merge(right);

        Assert.Equal(2, merged[Node(1)]);
        Assert.Equal(2, merged[Node(2)]);
        Assert.Equal(1, merged[Node(3)]);
        Assert.Equal(VersionOrdering.After, merged.Compare(left));
        Assert.Equal(VersionOrdering.After, merged.Compare(right));
    }

    [Fact]
    public void Prune_forgets_a_node()
    {
        var v = VersionVector.Empty.Increment(Node(1)).Increment(Node(2));
        var pruned = v.Prune(Node(2));
        Assert.Equal(0, pruned[Node(2)]);
        Assert.Equal(VersionOrdering.Before, pruned.Compare(v));
        Assert.Equal(pruned, VersionVector.Empty.Increment(Node(1)));
    }
}
