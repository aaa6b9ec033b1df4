package org.relman.process;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import javax.xml.XMLConstants;
import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.parsers.ParserConfigurationException;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.Node;
import org.w3c.dom.NodeList;
import org.xml.sax.SAXException;

/**
 * The models about to be deployed, read once for the checks that look across them: the BPMN files as DOM documents
 * (their XML as the process owner saved it, with the Camunda extension attributes), the forms as JSON. Files that do
 * not parse are left out here and reported as one problem each ({@link #unreadable()}).
 */
public final class ModelFiles {

  public static final String BPMN = "http://www.omg.org/spec/BPMN/20100524/MODEL";
  public static final String CAMUNDA = "http://camunda.org/schema/1.0/bpmn";
  private static final ObjectMapper JSON = new ObjectMapper();

  private final Map<String, byte[]> files;
  private final Map<String, Document> bpmn = new LinkedHashMap<>();
  private final Map<String, JsonNode> forms = new LinkedHashMap<>();
  private final List<String> unreadable = new ArrayList<>();

  private ModelFiles(Map<String, byte[]> files) {
    this.files = Collections.unmodifiableMap(new LinkedHashMap<>(files));
    DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
    factory.setNamespaceAware(true);
    try {
      factory.setFeature(XMLConstants.FEATURE_SECURE_PROCESSING, true);
      factory.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
    } catch (ParserConfigurationException e) {
      throw new IllegalStateException(e);
    }
    this.files.forEach((name, content) -> {
      if (name.endsWith(".bpmn")) {
        try {
          Document document = factory.newDocumentBuilder().parse(new ByteArrayInputStream(content));
          document.setDocumentURI(name);
          bpmn.put(name, document);
        } catch (ParserConfigurationException | SAXException | IOException e) {
          unreadable.add(name + ": is not XML the Camunda Modeler saved: " + e.getMessage());
        }
      } else if (name.endsWith(".form")) {
        try {
          forms.put(name, JSON.readTree(content));
        } catch (IOException e) {
          unreadable.add(name + ": is not a Camunda Form (JSON): " + e.getMessage());
        }
      }
    });
  }

  /** The models by their deployment name, e.g. {@code bpmn/release.bpmn} or {@code forms/go-no-go.form}. */
  public static ModelFiles of(Map<String, byte[]> files) {
    return new ModelFiles(files);
  }

  public Map<String, byte[]> files() {
    return files;
  }

  public Map<String, Document> bpmn() {
    return Collections.unmodifiableMap(bpmn);
  }

  /** The form deployed as {@code forms/<id>.form}, if there is one. */
  public Optional<JsonNode> form(String id) {
    return Optional.ofNullable(forms.get("forms/" + id + ".form"));
  }

  public Map<String, JsonNode> forms() {
    return Collections.unmodifiableMap(forms);
  }

  /** One problem per model that could not be read at all. */
  public List<String> unreadable() {
    return List.copyOf(unreadable);
  }

  /** The keys of the fields of a form: what a completed task sends. */
  public static List<String> keys(JsonNode form) {
    List<String> keys = new ArrayList<>();
    form.findParents("key").forEach(component -> keys.add(component.get("key").asText()));
    return keys;
  }

  /** Every BPMN element of this kind in every model, e.g. {@code userTask}. */
  public List<Element> elements(String localName) {
    List<Element> all = new ArrayList<>();
    bpmn.values().forEach(model -> all.addAll(elements(model, BPMN, localName)));
    return all;
  }

  /**
   * The model's elements of this kind, in document order. The checks only read the models, and ask for the same kinds
   * many times (every step back along the flows): the list is kept on the document, which the checks read once.
   */
  public static List<Element> elements(Document model, String namespace, String localName) {
    String key = "relman.elements " + namespace + " " + localName;
    @SuppressWarnings("unchecked")
    List<Element> elements = (List<Element>) model.getUserData(key);
    if (elements == null) {
      elements = List.copyOf(list(model.getElementsByTagNameNS(namespace, localName)));
      model.setUserData(key, elements, null);
    }
    return elements;
  }

  public static List<Element> elements(Element parent, String namespace, String localName) {
    return list(parent.getElementsByTagNameNS(namespace, localName));
  }

  /** The file an element is in and its id, as problems name them: {@code bpmn/release.bpmn (qa-signoff)}. */
  public static String where(Element element) {
    return element.getOwnerDocument().getDocumentURI() + " (" + element.getAttribute("id") + ")";
  }

  /** The BPMN element with this id in the model, or null. */
  public static Element byId(Document model, String id) {
    @SuppressWarnings("unchecked")
    Map<String, Element> byId = (Map<String, Element>) model.getUserData("relman.byId");
    if (byId == null) {
      byId = new java.util.HashMap<>();
      for (Element element : elements(model, BPMN, "*")) {
        byId.putIfAbsent(element.getAttribute("id"), element);
      }
      model.setUserData("relman.byId", byId, null);
    }
    return id.isEmpty() ? null : byId.get(id);
  }

  /** The process an element belongs to. */
  public static Element process(Element node) {
    Node parent = node.getParentNode();
    while (parent != null && !"process".equals(parent.getLocalName())) {
      parent = parent.getParentNode();
    }
    return (Element) parent;
  }

  private static List<Element> list(NodeList nodes) {
    List<Element> result = new ArrayList<>(nodes.getLength());
    for (int i = 0; i < nodes.getLength(); i++) {
      result.add((Element) nodes.item(i));
    }
    return result;
  }
}
