package dev.encodeflow.rules.guard;

import static org.assertj.core.api.Assertions.assertThat;

import dev.encodeflow.rules.RuleError;
import dev.encodeflow.rules.RuleSetCompiler;
import java.nio.file.Path;
import java.util.List;
import java.util.SortedMap;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The guard on its own: the shipped rules pass, what rules need passes, what they must not do is refused with a line. */
class RuleGuardTest {

    private final RuleGuard guard = new RuleGuard(getClass().getClassLoader());

    private static final String HEAD = """
            package extra;
            import dev.encodeflow.model.*;
            import java.util.*;
            global dev.encodeflow.rules.Emit emit;
            """;

    private List<RuleError> check(String drl) {
        SortedMap<String, String> files = new TreeMap<>();
        files.put("candidate.drl", drl);
        return guard.check(files).errors();
    }

    @Test
    void theShippedRulesPass() throws Exception {
        java.util.SortedMap<String, String> files = RuleSetCompiler.readDirectory(Path.of("rules"));
        RuleGuard.Result result = guard.check(files);
        assertThat(result.errors()).isEmpty();
        // One checked description per file: none was skipped.
        assertThat(result.packages()).hasSize(files.size()).hasSizeGreaterThanOrEqualTo(6);
    }

    @Test
    void aRungByNamedSettingsPassesAndBuildsTheSameRung() {
        assertThat(check(HEAD + """
                rule "A 4K source also gets a 2160p AV1 rung, by named settings"
                when
                    Probe( width >= 3840, height >= 2160 )
                    not Rendition( name == "2160p-av1" )
                then
                    insert( new Rendition( Rung.named( "2160p-av1" ).codec( Codec.AV1 ).size( 3840, 2160 )
                            .crf( 30 ).preset( "6" ).bitDepth( 10 ).build(), 90 ) );
                end
                """)).isEmpty();
        assertThat(dev.encodeflow.model.Rung.named("2160p-av1").codec(dev.encodeflow.model.Codec.AV1).size(3840, 2160)
                .crf(30).preset("6").bitDepth(10).build()).isEqualTo(new dev.encodeflow.model.Rung("2160p-av1",
                dev.encodeflow.model.Codec.AV1, 3840, 2160, 30, null, null, null, "6", null, 10, null));
    }

    @Test
    void whatRulesNeedPasses() {
        String drl = HEAD + """
                function int twice(int n) {
                    int total = 0;
                    for (Integer i : List.of(n, n)) {
                        total = total + i;
                    }
                    return total;
                }
                rule "Uses functions, from, accumulate, eval and locals"
                    salience 10
                    no-loop
                when
                    $asset : Asset( priority > twice( 20 ), id.length() < 100, source != null )
                    $plan : ChunkPlan( $chunks : chunks )
                    $chunk : Chunk( index >= 0 ) from $chunks
                    $n : Number( intValue >= 0 ) from accumulate( Chunk( $i : index ) from $chunks, count( $i ) )
                    eval( $chunk.index() < Math.max( 1, twice( 2 ) ) )
                    not Rendition( state == RenditionState.FAILED, name str[startsWith] "x", name matches "[a-z]+-\\d+" )
                then
                    String label = "chunk " + $chunk.index() + " of " + $plan.getChunkCount();
                    Map<String, Integer> counts = new HashMap<>();
                    counts.put( label, $n.intValue() );
                    if ( counts.size() > 0 && label.startsWith( "chunk" ) ) {
                        modify( $asset ) { setPriority( Math.min( 100, $asset.getPriority() + 1 ) ) }
                    }
                end
                """;
        assertThat(check(drl)).isEmpty();
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "new java .beans.Expression( java.lang.Runtime.getRuntime(), \"exec\", new Object[] { \"id\" } ).execute();",
        "new java\n .beans.Expression( null, \"exec\", null );",
        "java/* */.nio.file.Files.writeString( java.nio.file.Path.of( \"/tmp/x\" ), \"x\" );",
        "java.lang.Runtime.getRuntime().exec( \"id\" );",
        "Runtime.getRuntime().exec( \"id\" );",
        "System.exit( 1 );",
        "Class.forName( \"java.lang.\" + \"Runtime\" );",
        "\"\".getClass().getMethod( \"length\" );",
        "Asset.class.getMethods();",
        "new java.io.File( \"/tmp/x\" ).delete();",
        "java.nio.file.Files.delete( java.nio.file.Path.of( \"/tmp/x\" ) );",
        "Thread t = new Thread();",
        "while ( true ) { }",
        "for ( int i = 0; i < 10; i++ ) { }",
        "try { } catch ( Exception e ) { }",
        "Runnable r = () -> { };",
        "Object o = new Object() { };",
        "class Local { static { System.exit( 1 ); } }",
        "String s = \"x\".repeat( 1000000000 );",
        "List<Object> l = new ArrayList<>( 2000000000 );",
        "drools.getKieRuntime().halt();",
        "kcontext.getKieRuntime();",
        "Object r = FactTypes.classOf( \"Probe\" );",
        "\"x\".matches( \"(a+)+b\" );",
        "org.mvel2.MVEL.eval( \"1\" );",
        "int[] a = new int[1000000000];",
        "Object[] o = { 1 };"
    })
    void harmfulConsequencesAreRefused(String code) {
        String drl = HEAD + "rule \"bad\"\nwhen\n    $a : Asset( )\nthen\n    " + code + "\nend\n";
        List<RuleError> errors = check(drl);
        assertThat(errors).as(code).isNotEmpty();
        assertThat(errors.get(0).line()).as(code + ": " + errors).isBetween(5, 12);
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "rule \"r\" dialect \"mvel\" when $a : Asset( ) then modify( $a ) { state = AssetState.NEW } end",
        "rule \"r\" when $a : Asset( ) eval( java.lang.Runtime.getRuntime().exec( \"id\" ) != null ) then end",
        "rule \"r\" when $a : Asset( id == java.lang.System.getProperty( \"user.home\" ) ) then end",
        "rule \"r\" when $a : Asset( id == org.mvel2.MVEL.eval( \"1\" ) ) then end",
        "rule \"r\" when $p : Object( ) from java.nio.file.Files.list( java.nio.file.Path.of( \"/\" ) ) then end",
        "rule \"r\" when $n : Number( ) from accumulate( Asset( ), init( int x = 0; ) action( x++; ) result( x ) ) then end",
        "rule \"r\" salience( java.lang.Runtime.getRuntime().availableProcessors() ) when Asset( ) then end",
        "rule \"r\" timer( int: 1s 1s ) when Asset( ) then end",
        "rule \"r\" enabled( java.lang.Boolean.TRUE ) when Asset( ) then end",
        "rule \"r\" when Asset( id matches \"(a+)+b\" ) then end",
        "rule \"r\" when $a : Asset( ) Asset( id matches $a.getSource() ) then end",
        "rule \"r\" when Asset( ) then // \\u000a System.exit( 1 );\nend",
        "function void f() { f(); }\nrule \"r\" when Asset( ) then f(); end",
        "function void f() { java.lang.System.exit( 1 ); }",
        "import java.io.File;\nrule \"r\" when Asset( ) then end",
        "import function java.lang.System.exit;\nrule \"r\" when Asset( ) then exit( 1 ); end",
        "global java.util.List leak;",
        "query \"q\" Asset( ) end",
        "rule \"r\" when $a : Asset( ) then entryPoints[\"x\"].insert( $a ); end"
    })
    void harmfulRulesAreRefused(String rule) {
        List<RuleError> errors = check(HEAD + rule + "\n");
        assertThat(errors).as(rule).isNotEmpty();
        assertThat(errors.get(0).line()).as(rule + ": " + errors).isGreaterThan(0);
    }

    @Test
    void textInCommentsAndStringsIsOnlyText() {
        String drl = HEAD + """
                // System.exit in a comment is harmless
                rule "Mentions System.exit"
                when
                    $a : Asset( id != "System.exit( 1 )" )
                then
                    /* Runtime.getRuntime() */
                    modify( $a ) { setError( "System.exit is only text here" ) }
                end
                """;
        assertThat(check(drl)).isEmpty();
    }

    @Test
    void anErrorNamesTheFileAndLine() {
        List<RuleError> errors = check("package x;\nrule \"Exit\"\nwhen\nthen\n    System.exit( 0 );\nend\n");
        assertThat(errors).singleElement().satisfies(e -> {
            assertThat(e.file()).isEqualTo("candidate.drl");
            assertThat(e.line()).isEqualTo(5);
            assertThat(e.message()).contains("java.lang.System");
        });
    }

    @Test
    void declaredTypesWorkLikeFacts() {
        String drl = HEAD + """
                declare Tick
                    n : int
                    label : String = "start"
                end
                rule "Start ticking"
                when
                    Asset( id matches "loop-.*" )
                    not Tick( )
                then
                    insert( new Tick( 0, "first" ) );
                end
                rule "Tick again"
                when
                    $tick : Tick( $n : n, label != null )
                then
                    delete( $tick );
                    Tick next = new Tick();
                    next.setN( $tick.getN() + 1 );
                    insert( next );
                end
                """;
        assertThat(check(drl)).isEmpty();
        assertThat(check(HEAD + "declare Evil\n  file : java.io.File\nend\n")).isNotEmpty();
        assertThat(check(HEAD + "declare Asset\nend\n")).isNotEmpty();
        assertThat(check(HEAD + "declare Evil @role(event)\n  n : int\nend\n")).isNotEmpty();
        assertThat(check(HEAD + "declare Evil\n  n : int = Runtime.getRuntime().availableProcessors()\nend\n")).isNotEmpty();
    }

    @Test
    void aServicePackageIsRefused() {
        String drl = HEAD.replace("package extra;", "package dev.encodeflow.rules;");
        assertThat(check(drl)).extracting(RuleError::message).anyMatch(m -> m.contains("belongs to Java or to the service"));
    }

    @Test
    void deepNestingIsRefusedBeforeParsing() {
        String drl = HEAD + "rule \"r\" when Asset( priority > " + "(".repeat(5000) + "1" + ")".repeat(5000)
                + " ) then end";
        assertThat(check(drl)).extracting(RuleError::message).anyMatch(m -> m.contains("nested deeper"));
    }
}
