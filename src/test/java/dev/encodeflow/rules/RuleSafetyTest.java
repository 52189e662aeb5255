package dev.encodeflow.rules;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class RuleSafetyTest {

    @Test
    void theShippedVocabularyIsAllowed() {
        assertThat(RuleSafety.check("ok.drl", """
                package encodeflow.workflow;
                import dev.encodeflow.model.*;
                import java.util.List;
                global dev.encodeflow.rules.Emit emit;
                // System.exit in a comment is harmless
                rule "Uses strings and maths"
                when
                    $a : Asset( priority > Math.max( 1, 2 ) )
                then
                    modify( $a ) { setError( "System.exit is only text here" ) }
                end
                """)).isEmpty();
    }

    @Test
    void exitingTheJvmIsRefusedWithTheLine() {
        List<RuleError> errors = RuleSafety.check("evil.drl", """
                package x;
                rule "Exit"
                when
                then
                    System.exit( 0 );
                end
                """);

        assertThat(errors).singleElement().satisfies(e -> {
            assertThat(e.file()).isEqualTo("evil.drl");
            assertThat(e.line()).isEqualTo(5);
            assertThat(e.message()).contains("System");
        });
    }

    @Test
    void filesNetworkAndReflectionAreRefused() {
        assertThat(RuleSafety.check("io.drl", "package x;\nimport java.io.File;\n")).singleElement()
                .satisfies(e -> assertThat(e.message()).contains("import of java.io.File is not allowed"));
        assertThat(RuleSafety.check("nio.drl", "package x;\nrule \"r\" when then java.nio.file.Files.delete(null); end\n"))
                .extracting(RuleError::message).anySatisfy(m -> assertThat(m).contains("java.nio.file"));
        assertThat(RuleSafety.check("net.drl", "package x;\nimport java.net.*;\n")).hasSize(1);
        assertThat(RuleSafety.check("refl.drl", "package x;\nrule \"r\" when $a : Object() then $a.getClass(); end\n"))
                .extracting(RuleError::message).anySatisfy(m -> assertThat(m).contains("getClass"));
        assertThat(RuleSafety.check("conc.drl", "package x;\nimport java.util.concurrent.Executors;\n")).hasSize(1);
        assertThat(RuleSafety.check("rt.drl", "package x;\nimport java.lang.Runtime;\n")).hasSize(1);
        assertThat(RuleSafety.check("g.drl", "package x;\nglobal java.util.List out;\n")).singleElement()
                .satisfies(e -> assertThat(e.message()).contains("global of type java.util.List"));
    }
}
