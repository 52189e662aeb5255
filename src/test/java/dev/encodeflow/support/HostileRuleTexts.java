package dev.encodeflow.support;

/** Candidate rules that would hang or exhaust a service that ran them itself. */
public final class HostileRuleTexts {

    private HostileRuleTexts() {
    }

    /** A fact whose text doubles on every firing: an allocation without end. */
    public static final String ALLOCATES_WITHOUT_END = """
            package hostile;
            import dev.encodeflow.model.*;
            global dev.encodeflow.rules.Emit emit;
            declare Blob
                text : String
            end
            rule "Start"
            when
                Asset( )
                not Blob( )
            then
                insert( new Blob( "0123456789abcdef" ) );
            end
            rule "Double"
            when
                $b : Blob( text != null )
            then
                modify( $b ) { setText( $b.getText() + $b.getText() ) }
            end
            """;

    /** A counter that modifies itself for ever: rules that never settle. */
    public static final String NEVER_SETTLES = """
            package hostile;
            import dev.encodeflow.model.*;
            declare Tick
                n : int
            end
            rule "Tick forever"
            when
                Asset( )
                $t : Tick( n >= 0 )
            then
                modify( $t ) { setN( $t.getN() + 1 ) }
            end
            rule "Start"
            when
                Asset( )
                not Tick( )
            then
                insert( new Tick( 0 ) );
            end
            """;
}
