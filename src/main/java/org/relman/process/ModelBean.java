package org.relman.process;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * A bean the models may reach by name ({@code ${releasePlan...}}, {@code delegateExpression="${assessRisk}"}). Only
 * these: an expression in a model cannot reach any other Spring bean.
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.TYPE)
public @interface ModelBean {
}
