package org.sealpost.core.robustness;

import net.jqwik.api.lifecycle.AroundPropertyHook;
import net.jqwik.api.lifecycle.PropagationMode;
import net.jqwik.api.lifecycle.PropertyExecutionResult;
import net.jqwik.api.lifecycle.PropertyExecutor;
import net.jqwik.api.lifecycle.PropertyLifecycleContext;

/**
 * Lets a long fuzzing run raise the tries of the robustness properties without editing them: the
 * default build runs each property a few hundred times (seconds), while
 * {@code ./run-tests -pl core -Dtest='*PropertiesTest' -Dsealpost.fuzz.tries=100000} runs each one
 * that many times (hours on a small machine; use it before a release or after touching a parser).
 */
public final class FuzzTries implements AroundPropertyHook {
    /** The system property that overrides the tries of every property of a class using this hook. */
    public static final String PROPERTY = "sealpost.fuzz.tries";

    /** Registered on a test class, the hook reaches every property in it. */
    @Override
    public PropagationMode propagateTo() {
        return PropagationMode.ALL_DESCENDANTS;
    }

    @Override
    public PropertyExecutionResult aroundProperty(PropertyLifecycleContext context, PropertyExecutor property) {
        Integer tries = Integer.getInteger(PROPERTY);
        if (tries != null && tries > 0) {
            context.attributes().setTries(tries);
        }
        return property.execute();
    }
}
